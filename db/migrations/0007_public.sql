ALTER TABLE `page_settings` ADD `collapse_groups_above` integer DEFAULT 10 NOT NULL;--> statement-breakpoint
ALTER TABLE `page_settings` ADD `theme` text DEFAULT 'auto' NOT NULL;--> statement-breakpoint
ALTER TABLE `page_settings` ADD `custom_css` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `page_settings` ADD `show_powered_by` integer DEFAULT true NOT NULL;