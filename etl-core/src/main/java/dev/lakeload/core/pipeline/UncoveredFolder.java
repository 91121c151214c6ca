package dev.lakeload.core.pipeline;

import java.util.Objects;

/**
 * A folder of the source that looks like a DMS table ({@code schema/table/} holding full-load or change files) and
 * that no table of the manifest loads: a table DMS replicates that nobody added.
 *
 * @param folder the folder's key prefix, ending in '/'
 * @param files how many DMS files it holds
 */
public record UncoveredFolder(String folder, int files) {
    public UncoveredFolder {
        Objects.requireNonNull(folder, "folder");
    }
}
