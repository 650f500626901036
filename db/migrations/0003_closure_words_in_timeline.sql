ALTER TABLE `closure` DROP COLUMN `summary`;--> statement-breakpoint
ALTER TABLE `closure` DROP COLUMN `apology`;--> statement-breakpoint
ALTER TABLE `closure` DROP COLUMN `apology_variants`;