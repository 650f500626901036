CREATE TABLE `escalation` (
	`id` text PRIMARY KEY NOT NULL,
	`signal_id` text,
	`incident_id` text,
	`component_ids` text DEFAULT '[]' NOT NULL,
	`category` text,
	`title` text NOT NULL,
	`level` integer DEFAULT 1 NOT NULL,
	`next_at` integer,
	`ack_token_hash` blob NOT NULL,
	`acknowledged_at` integer,
	`acknowledged_by` text,
	`time_to_ack_ms` integer,
	`exhausted_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`signal_id`) REFERENCES `signal`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`incident_id`) REFERENCES `incident`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "escalation_subject_ck" CHECK("escalation"."signal_id" IS NOT NULL OR "escalation"."incident_id" IS NOT NULL)
);
--> statement-breakpoint
CREATE INDEX `escalation_next_idx` ON `escalation` (`next_at`);--> statement-breakpoint
CREATE TABLE `escalation_contact` (
	`id` text PRIMARY KEY NOT NULL,
	`component_id` text,
	`category` text,
	`level` integer NOT NULL,
	`member_id` text,
	`email` text,
	`webhook_url` text,
	`ack_minutes` integer DEFAULT 15 NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`component_id`) REFERENCES `component`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`member_id`) REFERENCES `team_member`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "escalation_contact_scope_ck" CHECK(("escalation_contact"."component_id" IS NULL) <> ("escalation_contact"."category" IS NULL)),
	CONSTRAINT "escalation_contact_who_ck" CHECK(("escalation_contact"."member_id" IS NULL) <> ("escalation_contact"."email" IS NULL)),
	CONSTRAINT "escalation_contact_level_ck" CHECK("escalation_contact"."level" >= 1 AND "escalation_contact"."ack_minutes" >= 1)
);
--> statement-breakpoint
CREATE TABLE `intake_rule` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	`matchers` text NOT NULL,
	`component_ids` text DEFAULT '[]' NOT NULL,
	`action` text DEFAULT 'suggest' NOT NULL,
	`component_status` text,
	`min_hold_seconds` integer DEFAULT 0 NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	CONSTRAINT "intake_rule_status_ck" CHECK("intake_rule"."action" <> 'auto_component_status' OR "intake_rule"."component_status" IS NOT NULL),
	CONSTRAINT "intake_rule_hold_ck" CHECK("intake_rule"."min_hold_seconds" >= 0)
);
--> statement-breakpoint
CREATE TABLE `intake_source` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`secret_hash` blob NOT NULL,
	`last_used_at` integer,
	`revoked_at` integer,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `report` (
	`id` text PRIMARY KEY NOT NULL,
	`what` text NOT NULL,
	`component_id` text,
	`email` text,
	`channel` text DEFAULT 'web' NOT NULL,
	`customer` text,
	`organisation` text,
	`group_id` text NOT NULL,
	`state` text DEFAULT 'open' NOT NULL,
	`incident_id` text,
	`dismiss_reason` text,
	`logged_by` text,
	`decided_at` integer,
	`notified_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`component_id`) REFERENCES `component`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`incident_id`) REFERENCES `incident`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`logged_by`) REFERENCES `team_member`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `report_group_idx` ON `report` (`group_id`);--> statement-breakpoint
CREATE INDEX `report_state_idx` ON `report` (`state`,`created_at`);--> statement-breakpoint
CREATE INDEX `report_incident_idx` ON `report` (`incident_id`);--> statement-breakpoint
CREATE TABLE `signal` (
	`id` text PRIMARY KEY NOT NULL,
	`source_id` text NOT NULL,
	`fingerprint` text NOT NULL,
	`status` text NOT NULL,
	`severity` text DEFAULT 'warning' NOT NULL,
	`summary` text NOT NULL,
	`labels` text DEFAULT '{}' NOT NULL,
	`component_ids` text DEFAULT '[]' NOT NULL,
	`rule_id` text,
	`incident_id` text,
	`auto_status` text DEFAULT '[]' NOT NULL,
	`event_count` integer DEFAULT 1 NOT NULL,
	`first_seen_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	`firing_since_at` integer NOT NULL,
	`resolved_at` integer,
	`acknowledged_at` integer,
	`dismissed_at` integer,
	`dismiss_reason` text,
	`decided_by` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`source_id`) REFERENCES `intake_source`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`rule_id`) REFERENCES `intake_rule`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`incident_id`) REFERENCES `incident`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`decided_by`) REFERENCES `team_member`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `signal_source_fingerprint_uq` ON `signal` (`source_id`,`fingerprint`);--> statement-breakpoint
CREATE INDEX `signal_status_idx` ON `signal` (`status`,`last_seen_at`);--> statement-breakpoint
CREATE INDEX `signal_incident_idx` ON `signal` (`incident_id`);