CREATE TABLE `audience` (
	`id` text PRIMARY KEY NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`description` text,
	`kind` text DEFAULT 'custom' NOT NULL,
	`domains` text DEFAULT '[]' NOT NULL,
	`precedence` integer DEFAULT 100 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `audience_slug_uq` ON `audience` (`slug`);--> statement-breakpoint
CREATE TABLE `viewer_link` (
	`id` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`secret_hash` blob NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer
);
--> statement-breakpoint
CREATE INDEX `viewer_link_email_idx` ON `viewer_link` (`email`);--> statement-breakpoint
CREATE TABLE `viewer_session` (
	`id` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`secret_hash` blob NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `closure` (
	`incident_id` text PRIMARY KEY NOT NULL,
	`update_id` text NOT NULL,
	`summary` text NOT NULL,
	`apology` text,
	`apology_variants` text DEFAULT '[]' NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`incident_id`) REFERENCES `incident`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`update_id`) REFERENCES `incident_update`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `incident` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text DEFAULT 'incident' NOT NULL,
	`title` text NOT NULL,
	`impact` text DEFAULT 'none' NOT NULL,
	`status` text NOT NULL,
	`visibility` text DEFAULT 'internal' NOT NULL,
	`category` text,
	`priority` text,
	`owner_id` text,
	`started_at` integer NOT NULL,
	`resolved_at` integer,
	`scheduled_for` integer,
	`scheduled_until` integer,
	`auto_transition` integer DEFAULT true NOT NULL,
	`reminder_minutes` integer DEFAULT 60 NOT NULL,
	`reminder_sent_at` integer,
	`next_update_by` integer,
	`overdue_notified_at` integer,
	`draft` integer DEFAULT false NOT NULL,
	`postmortem_body` text,
	`postmortem_published_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`owner_id`) REFERENCES `team_member`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "incident_visibility_ck" CHECK("incident"."visibility" <> ''),
	CONSTRAINT "incident_status_ck" CHECK(("incident"."kind" = 'incident' AND "incident"."status" IN ('investigating','identified','monitoring','resolved','postmortem')) OR ("incident"."kind" = 'maintenance' AND "incident"."status" IN ('scheduled','in_progress','verifying','completed','cancelled'))),
	CONSTRAINT "incident_window_ck" CHECK("incident"."scheduled_until" IS NULL OR "incident"."scheduled_for" IS NULL OR "incident"."scheduled_until" > "incident"."scheduled_for")
);
--> statement-breakpoint
CREATE INDEX `incident_kind_status_idx` ON `incident` (`kind`,`status`);--> statement-breakpoint
CREATE INDEX `incident_started_idx` ON `incident` (`started_at`);--> statement-breakpoint
CREATE TABLE `incident_component` (
	`incident_id` text NOT NULL,
	`component_id` text NOT NULL,
	`status` text NOT NULL,
	PRIMARY KEY(`incident_id`, `component_id`),
	FOREIGN KEY (`incident_id`) REFERENCES `incident`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`component_id`) REFERENCES `component`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `incident_component_component_idx` ON `incident_component` (`component_id`);--> statement-breakpoint
CREATE TABLE `incident_update` (
	`id` text PRIMARY KEY NOT NULL,
	`incident_id` text NOT NULL,
	`kind` text DEFAULT 'update' NOT NULL,
	`status` text NOT NULL,
	`component_changes` text DEFAULT '[]' NOT NULL,
	`next_update_by` integer,
	`notify` integer DEFAULT true NOT NULL,
	`author_id` text,
	`revision` integer DEFAULT 1 NOT NULL,
	`display_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`retracted_at` integer,
	FOREIGN KEY (`incident_id`) REFERENCES `incident`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`author_id`) REFERENCES `team_member`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `incident_update_incident_idx` ON `incident_update` (`incident_id`,`display_at`);--> statement-breakpoint
CREATE TABLE `message` (
	`id` text PRIMARY KEY NOT NULL,
	`update_id` text NOT NULL,
	`kind` text NOT NULL,
	`audience_slug` text,
	`body` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`update_id`) REFERENCES `incident_update`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "message_variant_audience_ck" CHECK(("message"."kind" = 'variant') = ("message"."audience_slug" IS NOT NULL))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `message_update_kind_uq` ON `message` (`update_id`,`kind`) WHERE "message"."kind" <> 'variant';--> statement-breakpoint
CREATE UNIQUE INDEX `message_update_audience_uq` ON `message` (`update_id`,`audience_slug`) WHERE "message"."kind" = 'variant';--> statement-breakpoint
CREATE TABLE `prevention_commitment` (
	`id` text PRIMARY KEY NOT NULL,
	`incident_id` text NOT NULL,
	`text` text NOT NULL,
	`owner` text NOT NULL,
	`due_at` integer,
	`visibility` text DEFAULT 'internal' NOT NULL,
	`state` text DEFAULT 'planned' NOT NULL,
	`state_changed_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`incident_id`) REFERENCES `incident`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "prevention_commitment_state_ck" CHECK("prevention_commitment"."state" IN ('planned','in_progress','done','dropped'))
);
--> statement-breakpoint
CREATE INDEX `prevention_commitment_incident_idx` ON `prevention_commitment` (`incident_id`);--> statement-breakpoint
CREATE TABLE `template` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`status` text,
	`title` text,
	`body` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `template_kind_name_uq` ON `template` (`kind`,`name`);--> statement-breakpoint
CREATE TABLE `update_revision` (
	`id` text PRIMARY KEY NOT NULL,
	`update_id` text NOT NULL,
	`revision` integer NOT NULL,
	`status` text NOT NULL,
	`messages` text NOT NULL,
	`edited_by` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`update_id`) REFERENCES `incident_update`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `update_revision_uq` ON `update_revision` (`update_id`,`revision`);--> statement-breakpoint
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
CREATE INDEX `signal_incident_idx` ON `signal` (`incident_id`);--> statement-breakpoint
CREATE TABLE `app_state` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `captured_email` (
	`id` text PRIMARY KEY NOT NULL,
	`to` text NOT NULL,
	`from` text NOT NULL,
	`subject` text NOT NULL,
	`html` text NOT NULL,
	`text` text NOT NULL,
	`headers` text NOT NULL,
	`tags` text NOT NULL,
	`idempotency_key` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `captured_email_created_idx` ON `captured_email` (`created_at`);--> statement-breakpoint
CREATE INDEX `captured_email_to_idx` ON `captured_email` (`to`);--> statement-breakpoint
CREATE TABLE `job_lease` (
	`name` text PRIMARY KEY NOT NULL,
	`owner` text NOT NULL,
	`expires_at` integer NOT NULL,
	`last_run_at` integer,
	`last_result` text
);
--> statement-breakpoint
CREATE TABLE `rate_limit` (
	`key` text PRIMARY KEY NOT NULL,
	`count` integer NOT NULL,
	`window_started_at` integer NOT NULL,
	CONSTRAINT "rate_limit_count_ck" CHECK("rate_limit"."count" >= 0)
);
--> statement-breakpoint
CREATE TABLE `component` (
	`id` text PRIMARY KEY NOT NULL,
	`group_id` text,
	`name` text NOT NULL,
	`description` text,
	`position` integer DEFAULT 0 NOT NULL,
	`status` text DEFAULT 'operational' NOT NULL,
	`visibility` text DEFAULT 'internal' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`deleted_at` integer,
	FOREIGN KEY (`group_id`) REFERENCES `component_group`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "component_visibility_ck" CHECK("component"."visibility" <> ''),
	CONSTRAINT "component_status_ck" CHECK("component"."status" IN ('operational','degraded_performance','partial_outage','major_outage','under_maintenance'))
);
--> statement-breakpoint
CREATE INDEX `component_group_idx` ON `component` (`group_id`);--> statement-breakpoint
CREATE TABLE `component_group` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`description` text,
	`position` integer DEFAULT 0 NOT NULL,
	`visibility` text DEFAULT 'internal' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`deleted_at` integer,
	CONSTRAINT "component_group_visibility_ck" CHECK("component_group"."visibility" <> '')
);
--> statement-breakpoint
CREATE TABLE `component_status_change` (
	`id` text PRIMARY KEY NOT NULL,
	`component_id` text NOT NULL,
	`status` text NOT NULL,
	`previous_status` text,
	`incident_id` text,
	`at` integer NOT NULL,
	FOREIGN KEY (`component_id`) REFERENCES `component`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `component_status_change_component_at_idx` ON `component_status_change` (`component_id`,`at`);--> statement-breakpoint
CREATE TABLE `page_settings` (
	`id` integer PRIMARY KEY NOT NULL,
	`page_id` text DEFAULT '' NOT NULL,
	`name` text DEFAULT 'Status' NOT NULL,
	`logo_url` text,
	`brand_color` text DEFAULT '#2457d6' NOT NULL,
	`time_zone` text DEFAULT 'UTC' NOT NULL,
	`support_url` text,
	`footer_links` text DEFAULT '[]' NOT NULL,
	`updated_at` integer NOT NULL,
	CONSTRAINT "page_settings_single_ck" CHECK("page_settings"."id" = 1)
);
--> statement-breakpoint
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
CREATE INDEX `runbook_version_state_idx` ON `runbook_version` (`runbook_id`,`state`);--> statement-breakpoint
CREATE TABLE `audience_member` (
	`audience_id` text NOT NULL,
	`subscriber_id` text NOT NULL,
	PRIMARY KEY(`audience_id`, `subscriber_id`),
	FOREIGN KEY (`audience_id`) REFERENCES `audience`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`subscriber_id`) REFERENCES `subscriber`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `delivery` (
	`id` text PRIMARY KEY NOT NULL,
	`notification_id` text NOT NULL,
	`subscriber_id` text NOT NULL,
	`channel` text NOT NULL,
	`incident_id` text,
	`seq` integer DEFAULT 0 NOT NULL,
	`state` text DEFAULT 'pending' NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`batch_id` text,
	`message` text,
	`provider_id` text,
	`last_error` text,
	`sent_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`notification_id`) REFERENCES `notification`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`subscriber_id`) REFERENCES `subscriber`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "delivery_state_ck" CHECK("delivery"."state" IN ('pending','sending','sent','delivered','failed','dead','skipped','bounced','complained'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `delivery_notification_subscriber_channel_uq` ON `delivery` (`notification_id`,`subscriber_id`,`channel`);--> statement-breakpoint
CREATE INDEX `delivery_claim_idx` ON `delivery` (`state`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `delivery_subscriber_idx` ON `delivery` (`subscriber_id`,`incident_id`);--> statement-breakpoint
CREATE INDEX `delivery_batch_idx` ON `delivery` (`batch_id`);--> statement-breakpoint
CREATE INDEX `delivery_provider_idx` ON `delivery` (`provider_id`);--> statement-breakpoint
CREATE TABLE `delivery_batch` (
	`id` text PRIMARY KEY NOT NULL,
	`channel` text NOT NULL,
	`key` text,
	`state` text DEFAULT 'forming' NOT NULL,
	`size` integer NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`first_attempt_at` integer,
	`lease_owner` text,
	`lease_expires_at` integer,
	`last_status` integer,
	`last_error` text,
	`contents` text,
	`created_at` integer NOT NULL,
	`sent_at` integer,
	CONSTRAINT "delivery_batch_state_ck" CHECK("delivery_batch"."state" IN ('forming','sending','sent','dead'))
);
--> statement-breakpoint
CREATE INDEX `delivery_batch_claim_idx` ON `delivery_batch` (`state`,`next_attempt_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `delivery_batch_key_uq` ON `delivery_batch` (`key`);--> statement-breakpoint
CREATE TABLE `notification` (
	`id` text PRIMARY KEY NOT NULL,
	`seq` integer DEFAULT 0 NOT NULL,
	`kind` text NOT NULL,
	`priority` text DEFAULT 'bulk' NOT NULL,
	`incident_id` text,
	`update_id` text,
	`payload` text,
	`created_at` integer NOT NULL,
	`expanded_at` integer,
	`lease_owner` text,
	`lease_expires_at` integer,
	`attempts` integer DEFAULT 0 NOT NULL,
	`first_attempt_at` integer,
	`dead_at` integer,
	`last_error` text
);
--> statement-breakpoint
CREATE INDEX `notification_pending_idx` ON `notification` (`expanded_at`,`created_at`);--> statement-breakpoint
CREATE INDEX `notification_seq_idx` ON `notification` (`seq`);--> statement-breakpoint
CREATE TABLE `subscriber` (
	`id` text PRIMARY KEY NOT NULL,
	`channel` text DEFAULT 'email' NOT NULL,
	`target` text NOT NULL,
	`language` text DEFAULT 'en' NOT NULL,
	`maintenance` integer DEFAULT true NOT NULL,
	`all_components` integer DEFAULT true NOT NULL,
	`confirmed_at` integer,
	`unsubscribed_at` integer,
	`suppressed_at` integer,
	`suppressed_reason` text,
	`consent` text,
	`unsubscribe_token_hash` blob NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `subscriber_channel_target_uq` ON `subscriber` (`channel`,`target`);--> statement-breakpoint
CREATE INDEX `subscriber_active_idx` ON `subscriber` (`confirmed_at`,`unsubscribed_at`,`suppressed_at`);--> statement-breakpoint
CREATE INDEX `subscriber_all_components_idx` ON `subscriber` (`all_components`,`id`);--> statement-breakpoint
CREATE UNIQUE INDEX `subscriber_unsubscribe_uq` ON `subscriber` (`unsubscribe_token_hash`);--> statement-breakpoint
CREATE TABLE `subscriber_token` (
	`id` text PRIMARY KEY NOT NULL,
	`subscriber_id` text NOT NULL,
	`purpose` text NOT NULL,
	`secret_hash` blob NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	FOREIGN KEY (`subscriber_id`) REFERENCES `subscriber`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `subscriber_token_subscriber_idx` ON `subscriber_token` (`subscriber_id`,`purpose`);--> statement-breakpoint
CREATE TABLE `subscription` (
	`subscriber_id` text NOT NULL,
	`target_type` text NOT NULL,
	`target_id` text NOT NULL,
	PRIMARY KEY(`subscriber_id`, `target_type`, `target_id`),
	FOREIGN KEY (`subscriber_id`) REFERENCES `subscriber`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `subscription_target_idx` ON `subscription` (`target_type`,`target_id`);--> statement-breakpoint
CREATE TABLE `webhook_receipt` (
	`id` text PRIMARY KEY NOT NULL,
	`type` text NOT NULL,
	`received_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `api_token` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`scopes` text NOT NULL,
	`secret_hash` blob NOT NULL,
	`created_by` text,
	`created_at` integer NOT NULL,
	`expires_at` integer,
	`last_used_at` integer,
	`revoked_at` integer,
	FOREIGN KEY (`created_by`) REFERENCES `team_member`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `api_token_created_by_idx` ON `api_token` (`created_by`);--> statement-breakpoint
CREATE TABLE `audit_event` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`actor_type` text NOT NULL,
	`actor_id` text,
	`actor_label` text,
	`action` text NOT NULL,
	`resource_type` text NOT NULL,
	`resource_id` text,
	`before` text,
	`after` text,
	`request_id` text,
	`ip` text
);
--> statement-breakpoint
CREATE INDEX `audit_event_at_idx` ON `audit_event` (`at`);--> statement-breakpoint
CREATE INDEX `audit_event_resource_idx` ON `audit_event` (`resource_type`,`resource_id`);--> statement-breakpoint
CREATE INDEX `audit_event_action_idx` ON `audit_event` (`action`);--> statement-breakpoint
CREATE TABLE `invitation` (
	`id` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`name` text,
	`role` text NOT NULL,
	`secret_hash` blob NOT NULL,
	`invited_by` text,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`accepted_at` integer,
	`revoked_at` integer,
	FOREIGN KEY (`invited_by`) REFERENCES `team_member`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `invitation_email_idx` ON `invitation` (`email`);--> statement-breakpoint
CREATE TABLE `login_throttle` (
	`key` text PRIMARY KEY NOT NULL,
	`failures` integer DEFAULT 0 NOT NULL,
	`last_failure_at` integer NOT NULL,
	`blocked_until` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `session` (
	`id` text PRIMARY KEY NOT NULL,
	`member_id` text NOT NULL,
	`secret_hash` blob NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`absolute_expires_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	`ip` text,
	`user_agent` text,
	FOREIGN KEY (`member_id`) REFERENCES `team_member`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `session_member_idx` ON `session` (`member_id`);--> statement-breakpoint
CREATE TABLE `team_member` (
	`id` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`role` text DEFAULT 'viewer' NOT NULL,
	`password_hash` text,
	`disabled_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	CONSTRAINT "team_member_role_ck" CHECK("team_member"."role" IN ('owner','admin','communicator','responder','viewer')),
	CONSTRAINT "team_member_email_lower_ck" CHECK("team_member"."email" = lower("team_member"."email"))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `team_member_email_uq` ON `team_member` (`email`);