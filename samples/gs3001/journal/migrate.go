package journal

import (
	"errors"
	"strings"
)

// applyMigrations returns on a refused step without closing the journal.
func applyMigrations(steps []string) error {
	j := openJournal()
	for _, s := range steps {
		if strings.HasPrefix(s, "DROP") {
			return errors.New("refusing " + s)
		}
		j.add(s)
	}
	j.close()
	return nil
}

// record closes its ledger whichever way it returns.
func record(rows []string) error {
	l := openLedger()
	defer l.close()
	for _, r := range rows {
		if r == "" {
			return errors.New("empty row")
		}
		l.add(r)
	}
	return nil
}
