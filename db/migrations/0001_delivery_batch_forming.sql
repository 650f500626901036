PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_delivery_batch` (
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
	`created_at` integer NOT NULL,
	`sent_at` integer,
	CONSTRAINT "delivery_batch_state_ck" CHECK("__new_delivery_batch"."state" IN ('forming','sending','sent','dead'))
);
--> statement-breakpoint
INSERT INTO `__new_delivery_batch`("id", "channel", "key", "state", "size", "attempts", "next_attempt_at", "first_attempt_at", "lease_owner", "lease_expires_at", "last_status", "last_error", "created_at", "sent_at") SELECT "id", "channel", "key", "state", "size", "attempts", "next_attempt_at", "first_attempt_at", "lease_owner", "lease_expires_at", "last_status", "last_error", "created_at", "sent_at" FROM `delivery_batch`;--> statement-breakpoint
DROP TABLE `delivery_batch`;--> statement-breakpoint
ALTER TABLE `__new_delivery_batch` RENAME TO `delivery_batch`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `delivery_batch_claim_idx` ON `delivery_batch` (`state`,`next_attempt_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `delivery_batch_key_uq` ON `delivery_batch` (`key`);--> statement-breakpoint
CREATE INDEX `subscriber_active_idx` ON `subscriber` (`confirmed_at`,`unsubscribed_at`,`suppressed_at`);--> statement-breakpoint
ALTER TABLE `subscriber` DROP COLUMN `webhook_secret`;