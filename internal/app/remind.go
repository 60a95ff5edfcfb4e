package app

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/mail"
	"regexp"
	"time"

	"github.com/onestop-fi/onestop/internal/errs"
	"github.com/onestop-fi/onestop/internal/remind"
	"github.com/onestop-fi/onestop/internal/store"
)

// remindInterval is how often the reminder worker looks for due
// reminders.
const remindInterval = 30 * time.Second

// DefaultRemindBefore is how long before an appointment its reminder is
// sent.
const DefaultRemindBefore = 24 * time.Hour

// remindConfig configures appointment reminders.
type remindConfig struct {
	// Before is how long before the appointment the reminder is sent;
	// 0 sends none.
	Before time.Duration
	// SMTPAddr is the mail server (host:port); empty logs reminders
	// instead of sending them.
	SMTPAddr, SMTPFrom, SMTPUser string
	// SMTPPassword comes from the environment only, never from the
	// command line, where other users of the machine could read it.
	SMTPPassword string
	// SMSURL is the SMS gateway's endpoint; empty sends no text
	// messages. SMSFrom is the sender shown on the phone; SMSToken, from
	// the environment only, the gateway's bearer token.
	SMSURL, SMSFrom, SMSToken string
}

// flags registers the reminder flags on fs, takes the password from the
// environment, and returns the environment variables of the flags for
// parse.
func (rc *remindConfig) flags(fs *flag.FlagSet, getenv func(string) string) map[string]string {
	fs.DurationVar(&rc.Before, "remind-before", DefaultRemindBefore, "send appointment reminders this long before; 0 sends none (env ONESTOP_REMIND_BEFORE)")
	fs.StringVar(&rc.SMTPAddr, "smtp-addr", "", "mail server host:port for reminders; empty logs them instead (env ONESTOP_SMTP_ADDR)")
	fs.StringVar(&rc.SMTPFrom, "smtp-from", "", "sender of reminders, e.g. 'Yhteispalvelu <noreply@example.fi>' (env ONESTOP_SMTP_FROM)")
	fs.StringVar(&rc.SMTPUser, "smtp-user", "", "user name at the mail server; the password is read from ONESTOP_SMTP_PASSWORD (env ONESTOP_SMTP_USER)")
	fs.StringVar(&rc.SMSURL, "sms-url", "", "SMS gateway endpoint for reminders to customers without an e-mail address; the token is read from ONESTOP_SMS_TOKEN (env ONESTOP_SMS_URL)")
	fs.StringVar(&rc.SMSFrom, "sms-from", "", "sender of text messages: a name of at most 11 letters and digits, or a number (env ONESTOP_SMS_FROM)")
	rc.SMTPPassword = getenv("ONESTOP_SMTP_PASSWORD")
	rc.SMSToken = getenv("ONESTOP_SMS_TOKEN")
	return map[string]string{
		"remind-before": "ONESTOP_REMIND_BEFORE", "smtp-addr": "ONESTOP_SMTP_ADDR",
		"smtp-from": "ONESTOP_SMTP_FROM", "smtp-user": "ONESTOP_SMTP_USER",
		"sms-url": "ONESTOP_SMS_URL", "sms-from": "ONESTOP_SMS_FROM",
	}
}

// check refuses a reminder configuration that cannot work, so that the
// server does not start and fail quietly later.
func (rc remindConfig) check() error {
	if rc.Before < 0 {
		return usageError{fmt.Sprintf("--remind-before %s is negative: give a duration such as 24h, or 0 for no reminders", rc.Before)}
	}
	if err := rc.checkSMS(); err != nil {
		return err
	}
	if rc.SMTPAddr == "" {
		if rc.SMTPFrom != "" || rc.SMTPUser != "" {
			return usageError{"--smtp-from and --smtp-user need --smtp-addr, the mail server"}
		}
		return nil
	}
	if _, _, err := net.SplitHostPort(rc.SMTPAddr); err != nil {
		return usageError{fmt.Sprintf("--smtp-addr %q is not host:port, e.g. smtp.example.fi:587", rc.SMTPAddr)}
	}
	if _, err := mail.ParseAddress(rc.SMTPFrom); err != nil {
		return usageError{fmt.Sprintf("--smtp-from %q is not an e-mail address: give one such as 'Yhteispalvelu <noreply@example.fi>'", rc.SMTPFrom)}
	}
	if rc.SMTPUser != "" && rc.SMTPPassword == "" {
		return usageError{"--smtp-user is set but ONESTOP_SMTP_PASSWORD is empty"}
	}
	if rc.SMTPUser == "" && rc.SMTPPassword != "" {
		return usageError{"ONESTOP_SMTP_PASSWORD is set but --smtp-user is not"}
	}
	return nil
}

// smsSender is what a text message may show as its sender: a name of
// letters and digits, or a number.
var smsSender = regexp.MustCompile(`^(?:[A-Za-z0-9]{1,11}|\+?[0-9]{3,15})$`)

// checkSMS refuses an SMS gateway that cannot work: an address that is
// not HTTPS (the token and the customers' numbers travel in it) unless
// it is on this machine, or a sender phones cannot show.
func (rc remindConfig) checkSMS() error {
	if rc.SMSURL == "" {
		if rc.SMSFrom != "" || rc.SMSToken != "" {
			return usageError{"--sms-from and ONESTOP_SMS_TOKEN need --sms-url, the SMS gateway"}
		}
		return nil
	}
	if err := (&remind.SMSSender{URL: rc.SMSURL}).Check(); err != nil {
		return usageError{"--sms-url: " + errs.Message(err)}
	}
	if rc.SMSFrom != "" && !smsSender.MatchString(rc.SMSFrom) {
		return usageError{fmt.Sprintf("--sms-from %q cannot be shown as a sender: give at most 11 letters and digits, or a number", rc.SMSFrom)}
	}
	return nil
}

// startReminders starts the reminder worker, which runs until ctx ends.
// Without a mail server it logs the reminders it would send. baseURL is
// the server's public address, for the link to the appointment's page.
func startReminders(ctx context.Context, db *store.DB, rc remindConfig, baseURL string, log *slog.Logger) {
	if rc.Before == 0 {
		log.Info("appointment reminders are off (--remind-before 0)")
		return
	}
	if err := rc.check(); err != nil {
		log.Error("appointment reminders are off", "err", err)
		return
	}
	log = log.With("job", "reminders")
	var by remind.ByContact
	if rc.SMTPAddr != "" {
		by.Email = &remind.SMTPSender{Addr: rc.SMTPAddr, From: rc.SMTPFrom, Username: rc.SMTPUser, Password: rc.SMTPPassword}
	}
	if rc.SMSURL != "" {
		by.SMS = &remind.SMSSender{URL: rc.SMSURL, Token: rc.SMSToken, From: rc.SMSFrom}
	}
	var sender remind.Sender = by
	switch {
	case by.Email != nil && by.SMS != nil:
		log.Info("appointment reminders are e-mailed, or texted to customers who gave no e-mail address", "smtp", rc.SMTPAddr, "sms", rc.SMSURL, "before", rc.Before.String())
	case by.Email != nil:
		log.Info("appointment reminders are e-mailed; customers who gave only a phone number get none (--sms-url)", "smtp", rc.SMTPAddr, "before", rc.Before.String())
	case by.SMS != nil:
		log.Info("appointment reminders are texted; customers who gave only an e-mail address get none (--smtp-addr)", "sms", rc.SMSURL, "before", rc.Before.String())
	default:
		sender = remind.LogSender{Log: log}
		log.Info("appointment reminders are logged, not sent: no mail server or SMS gateway is configured (--smtp-addr, --sms-url)", "before", rc.Before.String())
	}
	if baseURL == "" {
		log.Warn("reminders do not link to the appointment's page: set --public-url")
	}
	w := &remind.Worker{Store: db.Appointments(), Sender: sender, Log: log, BaseURL: baseURL}
	go w.Run(ctx, remindInterval)
}
