ALTER TABLE `incident` ADD `postmortem_translations` text DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE `message` ADD `translations` text DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE `prevention_commitment` ADD `translations` text DEFAULT '{}' NOT NULL;