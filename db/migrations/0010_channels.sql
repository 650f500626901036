ALTER TABLE `incident` ADD `sequence` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `subscriber` ADD `component_updates` integer DEFAULT false NOT NULL;