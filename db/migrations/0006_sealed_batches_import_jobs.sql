CREATE TABLE `import_job` (
	`id` text PRIMARY KEY NOT NULL,
	`state` text DEFAULT 'running' NOT NULL,
	`csv` text NOT NULL,
	`consent` text NOT NULL,
	`actor` text NOT NULL,
	`total` integer NOT NULL,
	`cursor` integer DEFAULT 0 NOT NULL,
	`added` integer DEFAULT 0 NOT NULL,
	`failed` integer DEFAULT 0 NOT NULL,
	`errors` text NOT NULL,
	`lease_owner` text,
	`lease_expires_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`finished_at` integer,
	CONSTRAINT "import_job_state_ck" CHECK("import_job"."state" IN ('running','done'))
);
--> statement-breakpoint
CREATE INDEX `import_job_state_idx` ON `import_job` (`state`);--> statement-breakpoint
ALTER TABLE `delivery_batch` ADD `sealed_at` integer;--> statement-breakpoint
-- Hand-written data migration: a batch already tried without a definite refusal may have been accepted.
UPDATE `delivery_batch` SET `sealed_at` = `first_attempt_at` WHERE `first_attempt_at` IS NOT NULL AND (`last_status` IS NULL OR `last_status` <> 429);