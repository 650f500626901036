CREATE TABLE `feedback` (
	`id` text PRIMARY KEY NOT NULL,
	`incident_id` text NOT NULL,
	`update_id` text,
	`subscriber_id` text,
	`delivery_id` text,
	`source` text NOT NULL,
	`helpful` integer,
	`rating` integer,
	`comment` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`incident_id`) REFERENCES `incident`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`update_id`) REFERENCES `incident_update`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`subscriber_id`) REFERENCES `subscriber`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`delivery_id`) REFERENCES `delivery`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "feedback_rating_ck" CHECK("feedback"."rating" IS NULL OR ("feedback"."rating" BETWEEN 1 AND 5)),
	CONSTRAINT "feedback_kind_ck" CHECK(("feedback"."update_id" IS NOT NULL AND "feedback"."helpful" IS NOT NULL) OR ("feedback"."update_id" IS NULL AND "feedback"."rating" IS NOT NULL))
);
--> statement-breakpoint
CREATE INDEX `feedback_incident_idx` ON `feedback` (`incident_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `feedback_update_idx` ON `feedback` (`update_id`);--> statement-breakpoint
CREATE INDEX `feedback_created_idx` ON `feedback` (`created_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `feedback_update_subscriber_uq` ON `feedback` (`update_id`,`subscriber_id`) WHERE "feedback"."update_id" IS NOT NULL AND "feedback"."subscriber_id" IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `feedback_incident_subscriber_uq` ON `feedback` (`incident_id`,`subscriber_id`) WHERE "feedback"."update_id" IS NULL AND "feedback"."subscriber_id" IS NOT NULL;--> statement-breakpoint
CREATE TABLE `problem` (
	`id` text PRIMARY KEY NOT NULL,
	`title` text NOT NULL,
	`category` text,
	`priority` text DEFAULT 'P3' NOT NULL,
	`state` text DEFAULT 'identified' NOT NULL,
	`investigation_notes` text,
	`root_cause` text,
	`root_cause_visibility` text DEFAULT 'internal' NOT NULL,
	`fix_plan` text,
	`changes` text,
	`verification` text,
	`state_changed_at` integer NOT NULL,
	`closed_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	CONSTRAINT "problem_state_ck" CHECK("problem"."state" IN ('identified','investigating','root_cause_known','fix_in_progress','verifying','closed')),
	CONSTRAINT "problem_visibility_ck" CHECK("problem"."root_cause_visibility" <> '')
);
--> statement-breakpoint
CREATE INDEX `problem_state_idx` ON `problem` (`state`);--> statement-breakpoint
CREATE TABLE `problem_commitment` (
	`commitment_id` text PRIMARY KEY NOT NULL,
	`problem_id` text NOT NULL,
	FOREIGN KEY (`commitment_id`) REFERENCES `prevention_commitment`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`problem_id`) REFERENCES `problem`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `problem_commitment_problem_idx` ON `problem_commitment` (`problem_id`);--> statement-breakpoint
CREATE TABLE `problem_incident` (
	`problem_id` text NOT NULL,
	`incident_id` text NOT NULL,
	PRIMARY KEY(`problem_id`, `incident_id`),
	FOREIGN KEY (`problem_id`) REFERENCES `problem`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`incident_id`) REFERENCES `incident`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `problem_incident_incident_idx` ON `problem_incident` (`incident_id`);--> statement-breakpoint
CREATE TABLE `review` (
	`incident_id` text PRIMARY KEY NOT NULL,
	`what_worked` text DEFAULT '' NOT NULL,
	`what_didnt` text DEFAULT '' NOT NULL,
	`lessons` text DEFAULT '' NOT NULL,
	`documentation_changes` text DEFAULT '' NOT NULL,
	`updated_by` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`incident_id`) REFERENCES `incident`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `review_action` (
	`id` text PRIMARY KEY NOT NULL,
	`incident_id` text NOT NULL,
	`text` text NOT NULL,
	`owner` text NOT NULL,
	`due_at` integer,
	`done_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`incident_id`) REFERENCES `review`(`incident_id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `review_action_incident_idx` ON `review_action` (`incident_id`);--> statement-breakpoint
CREATE INDEX `review_action_due_idx` ON `review_action` (`done_at`,`due_at`);--> statement-breakpoint
CREATE TABLE `runbook` (
	`id` text PRIMARY KEY NOT NULL,
	`title` text NOT NULL,
	`component_id` text,
	`category` text,
	`current_version` integer DEFAULT 1 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`component_id`) REFERENCES `component`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "runbook_target_ck" CHECK("runbook"."component_id" IS NOT NULL OR "runbook"."category" IS NOT NULL)
);
--> statement-breakpoint
CREATE INDEX `runbook_component_idx` ON `runbook` (`component_id`);--> statement-breakpoint
CREATE INDEX `runbook_category_idx` ON `runbook` (`category`);--> statement-breakpoint
CREATE TABLE `runbook_version` (
	`id` text PRIMARY KEY NOT NULL,
	`runbook_id` text NOT NULL,
	`version` integer,
	`state` text NOT NULL,
	`body` text NOT NULL,
	`note` text,
	`author` text NOT NULL,
	`proposed_from_incident_id` text,
	`created_at` integer NOT NULL,
	`decided_at` integer,
	FOREIGN KEY (`runbook_id`) REFERENCES `runbook`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`proposed_from_incident_id`) REFERENCES `incident`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "runbook_version_state_ck" CHECK(("runbook_version"."state" = 'published') = ("runbook_version"."version" IS NOT NULL))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `runbook_version_uq` ON `runbook_version` (`runbook_id`,`version`);--> statement-breakpoint
CREATE INDEX `runbook_version_state_idx` ON `runbook_version` (`runbook_id`,`state`);