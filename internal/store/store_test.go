package store_test

import (
	"testing"

	"github.com/onestop-fi/onestop/internal/store/storetest"
)

func TestMigrations(t *testing.T)    { storetest.Run(t, storetest.TestMigrations) }
func TestCatalogueRead(t *testing.T) { storetest.Run(t, storetest.TestCatalogueRead) }
func TestImportAtomic(t *testing.T)  { storetest.Run(t, storetest.TestImportAtomic) }

func TestExceptions(t *testing.T) { storetest.Run(t, storetest.TestExceptions) }

func TestCatalogueEdit(t *testing.T) { storetest.Run(t, storetest.TestCatalogueEdit) }

func TestAccounts(t *testing.T)          { storetest.Run(t, storetest.TestAccounts) }
func TestStaffAccounts(t *testing.T)     { storetest.Run(t, storetest.TestStaffAccounts) }
func TestAuditAppendOnly(t *testing.T)   { storetest.Run(t, storetest.TestAuditAppendOnly) }
func TestCustomerScope(t *testing.T)     { storetest.Run(t, storetest.TestCustomerScope) }
func TestBookingRace(t *testing.T)       { storetest.Run(t, storetest.TestBookingRace) }
func TestAppointmentAccess(t *testing.T) { storetest.Run(t, storetest.TestAppointmentAccess) }
func TestCatalogueCache(t *testing.T)    { storetest.Run(t, storetest.TestCatalogueCache) }

func TestQueueFlow(t *testing.T)    { storetest.Run(t, storetest.TestQueueFlow) }
func TestDeskRace(t *testing.T)     { storetest.Run(t, storetest.TestDeskRace) }
func TestWaitEstimate(t *testing.T) { storetest.Run(t, storetest.TestWaitEstimate) }
