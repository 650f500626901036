DROP INDEX `delivery_claim_idx`;--> statement-breakpoint
ALTER TABLE `delivery` ADD `alone` integer DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX `delivery_claim_idx` ON `delivery` (`state`,`channel`,`alone`,`next_attempt_at`);--> statement-breakpoint
ALTER TABLE `captured_email` ADD `attachments` text;