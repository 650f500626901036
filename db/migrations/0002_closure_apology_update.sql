ALTER TABLE `closure` ADD `apology_update_id` text REFERENCES incident_update(id);--> statement-breakpoint
-- Hand-written data migration: each closure's apology becomes an 'apology' step of the timeline whose
-- messages are the public apology and its audience variants, so edit and retract work on it like any update.
INSERT INTO `incident_update` (`id`, `incident_id`, `kind`, `status`, `component_changes`, `notify`, `revision`, `display_at`, `created_at`, `updated_at`)
  SELECT lower(hex(randomblob(6))), c.`incident_id`, 'apology', 'resolved', '[]', 0, 1, u.`display_at`, c.`created_at`, c.`created_at`
  FROM `closure` c JOIN `incident_update` u ON u.`id` = c.`update_id`
  WHERE c.`apology` IS NOT NULL OR c.`apology_variants` <> '[]';--> statement-breakpoint
UPDATE `closure` SET `apology_update_id` =
  (SELECT a.`id` FROM `incident_update` a WHERE a.`incident_id` = `closure`.`incident_id` AND a.`kind` = 'apology')
  WHERE `apology` IS NOT NULL OR `apology_variants` <> '[]';--> statement-breakpoint
INSERT INTO `message` (`id`, `update_id`, `kind`, `audience_slug`, `body`, `created_at`)
  SELECT lower(hex(randomblob(6))), `apology_update_id`, 'public', NULL, `apology`, `created_at`
  FROM `closure` WHERE `apology` IS NOT NULL AND `apology_update_id` IS NOT NULL;--> statement-breakpoint
INSERT INTO `message` (`id`, `update_id`, `kind`, `audience_slug`, `body`, `created_at`)
  SELECT lower(hex(randomblob(6))), c.`apology_update_id`, 'variant', json_extract(v.`value`, '$.audience'), json_extract(v.`value`, '$.body'), c.`created_at`
  FROM `closure` c, json_each(c.`apology_variants`) v WHERE c.`apology_update_id` IS NOT NULL;--> statement-breakpoint
-- A reopened incident has no standing closure: closing it again writes a new one.
DELETE FROM `closure` WHERE `incident_id` IN (SELECT `id` FROM `incident` WHERE `status` NOT IN ('resolved', 'postmortem'));
