CREATE TABLE `client_profiles` (
	`user_id` integer PRIMARY KEY NOT NULL,
	`civility` text NOT NULL,
	`birth_date` text NOT NULL,
	`address_line1` text NOT NULL,
	`address_line2` text,
	`postal_code` text NOT NULL,
	`city` text NOT NULL,
	`country` text NOT NULL,
	`phone` text NOT NULL,
	`terms_accepted_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `onboarding_progress` (
	`user_id` integer PRIMARY KEY NOT NULL,
	`done` text DEFAULT '' NOT NULL,
	`dismissed_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
