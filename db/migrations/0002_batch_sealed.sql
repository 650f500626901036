ALTER TABLE `delivery_batch` ADD `sealed_at` integer;--> statement-breakpoint
-- Hand-written data migration: a batch already tried without a definite refusal may have been accepted.
UPDATE `delivery_batch` SET `sealed_at` = `first_attempt_at` WHERE `first_attempt_at` IS NOT NULL AND (`last_status` IS NULL OR `last_status` <> 429);
