-- Posted money is never changed nor deleted: a correction is a new operation.
CREATE TRIGGER `postings_no_update` BEFORE UPDATE ON `postings`
BEGIN SELECT RAISE(ABORT, 'postings are immutable'); END;
--> statement-breakpoint
CREATE TRIGGER `postings_no_delete` BEFORE DELETE ON `postings`
BEGIN SELECT RAISE(ABORT, 'postings are immutable'); END;
--> statement-breakpoint
CREATE TRIGGER `operations_no_update` BEFORE UPDATE ON `operations`
BEGIN SELECT RAISE(ABORT, 'operations are immutable'); END;
--> statement-breakpoint
CREATE TRIGGER `operations_no_delete` BEFORE DELETE ON `operations`
BEGIN SELECT RAISE(ABORT, 'operations are immutable'); END;
