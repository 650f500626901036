CREATE TABLE `retired_audience_slug` (
	`slug` text PRIMARY KEY NOT NULL,
	`retired_at` integer NOT NULL
);
