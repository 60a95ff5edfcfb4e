package app

import (
	"io"
	"testing"
	"time"
)

func TestRemindConfig(t *testing.T) {
	tests := []struct {
		name string
		args []string
		env  map[string]string
		ok   bool
		want remindConfig
	}{
		{"defaults", nil, nil, true, remindConfig{Before: 24 * time.Hour}},
		{"off", []string{"--remind-before", "0"}, nil, true, remindConfig{}},
		{"from the environment", nil, map[string]string{"ONESTOP_REMIND_BEFORE": "2h", "ONESTOP_SMTP_ADDR": "smtp.example.fi:587",
			"ONESTOP_SMTP_FROM": "noreply@example.fi", "ONESTOP_SMTP_USER": "relay", "ONESTOP_SMTP_PASSWORD": "secret"}, true,
			remindConfig{Before: 2 * time.Hour, SMTPAddr: "smtp.example.fi:587", SMTPFrom: "noreply@example.fi", SMTPUser: "relay", SMTPPassword: "secret"}},
		{"negative", []string{"--remind-before", "-1h"}, nil, false, remindConfig{}},
		{"no port", []string{"--smtp-addr", "smtp.example.fi", "--smtp-from", "noreply@example.fi"}, nil, false, remindConfig{}},
		{"no sender", []string{"--smtp-addr", "smtp.example.fi:25"}, nil, false, remindConfig{}},
		{"sender without server", []string{"--smtp-from", "noreply@example.fi"}, nil, false, remindConfig{}},
		{"user without password", []string{"--smtp-addr", "smtp.example.fi:25", "--smtp-from", "noreply@example.fi", "--smtp-user", "relay"}, nil, false, remindConfig{}},
		{"texts", []string{"--sms-url", "https://sms.example.fi/send", "--sms-from", "Palvelut"}, map[string]string{"ONESTOP_SMS_TOKEN": "tok"}, true,
			remindConfig{Before: 24 * time.Hour, SMSURL: "https://sms.example.fi/send", SMSFrom: "Palvelut", SMSToken: "tok"}},
		{"texts from the environment, to this machine", nil, map[string]string{"ONESTOP_SMS_URL": "http://127.0.0.1:8025/sms", "ONESTOP_SMS_FROM": "+358401234567"}, true,
			remindConfig{Before: 24 * time.Hour, SMSURL: "http://127.0.0.1:8025/sms", SMSFrom: "+358401234567"}},
		{"texts over plain http", []string{"--sms-url", "http://sms.example.fi/send"}, nil, false, remindConfig{}},
		{"texts to no address", []string{"--sms-url", "https:///send"}, nil, false, remindConfig{}},
		{"a sender phones cannot show", []string{"--sms-url", "https://sms.example.fi/send", "--sms-from", "Yhteispalvelupiste"}, nil, false, remindConfig{}},
		{"a token without a gateway", nil, map[string]string{"ONESTOP_SMS_TOKEN": "tok"}, false, remindConfig{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			getenv := func(k string) string { return tc.env[k] }
			fs := newFlagSet("serve", io.Discard)
			var rc remindConfig
			if err := parse(fs, tc.args, getenv, rc.flags(fs, getenv)); err != nil {
				t.Fatal(err)
			}
			err := rc.check()
			if (err == nil) != tc.ok {
				t.Fatalf("check = %v; want ok %v", err, tc.ok)
			}
			if tc.ok && rc != tc.want {
				t.Errorf("config = %+v; want %+v", rc, tc.want)
			}
		})
	}
}
