CREATE TABLE "countries" (
	"iso_code" varchar(2) PRIMARY KEY NOT NULL,
	"cca3" varchar(3),
	"name_ascii" text NOT NULL,
	"name_local" jsonb NOT NULL,
	"flag_url" text NOT NULL,
	"currencies" text[],
	"phone_code" text,
	"metadata" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "currencies" (
	"code" varchar(3) PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"symbol" text,
	"metadata" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "languages" (
	"iso_code_1" varchar(2) PRIMARY KEY NOT NULL,
	"iso_code_2" varchar(3),
	"iso_code_3" varchar(3),
	"name_english" text NOT NULL,
	"name_local" text NOT NULL,
	"country_code" varchar(2),
	"metadata" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "phone_codes" (
	"country_code" varchar(2) PRIMARY KEY NOT NULL,
	"idd_root" text NOT NULL,
	"idd_suffixes" text[],
	"full_code" text NOT NULL,
	"metadata" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
