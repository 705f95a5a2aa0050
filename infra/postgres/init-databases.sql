-- docker-compose: run once by the postgres image on an empty volume (/docker-entrypoint-initdb.d).
-- Each service owns its database, with its own login role (dev passwords; compose only).
CREATE ROLE consent LOGIN PASSWORD 'consent';
CREATE DATABASE consent OWNER consent;
CREATE ROLE banksync LOGIN PASSWORD 'banksync';
CREATE DATABASE banksync OWNER banksync;
CREATE ROLE invoice LOGIN PASSWORD 'invoice';
CREATE DATABASE invoice OWNER invoice;
CREATE ROLE reconciliation LOGIN PASSWORD 'reconciliation';
CREATE DATABASE reconciliation OWNER reconciliation;
