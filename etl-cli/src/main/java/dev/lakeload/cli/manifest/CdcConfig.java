package dev.lakeload.cli.manifest;

import dev.lakeload.core.config.CdcOptions;

/**
 * {@code cdc:} of a table in {@code mode: cdc}: how the DMS task wrote its change data. Every key is optional.
 *
 * @param includeOpForFullLoad DMS {@code IncludeOpForFullLoad}: full-load files start with {@code Op} too (false)
 * @param timestampColumn DMS {@code TimestampColumnName}: every record has a commit timestamp after {@code Op}
 *     (none)
 */
public record CdcConfig(Boolean includeOpForFullLoad, String timestampColumn) {
    /** The options this describes, with DMS's defaults for what is not set. */
    public CdcOptions toOptions() {
        return new CdcOptions(includeOpForFullLoad != null && includeOpForFullLoad, timestampColumn);
    }
}
