DROP INDEX `subscription_target_idx`;--> statement-breakpoint
CREATE INDEX `subscription_target_idx` ON `subscription` (`target_type`,`target_id`,`subscriber_id`);--> statement-breakpoint
CREATE INDEX `audience_member_subscriber_idx` ON `audience_member` (`subscriber_id`);