package dev.lakeload.core.config;

/**
 * What a load does when files it loaded are no longer listed: DMS deletes a table's folder on a source
 * {@code TRUNCATE}, and objects can be deleted by hand or by a lifecycle rule. Vanished files are always reported.
 */
public enum VanishedFiles {
    /**
     * Reported as a warning; the table loads. Rows of vanished files stay, except in a {@code replace} table, whose
     * rows are those of its listed files: there they leave the table. A {@code replace} table whose every file
     * vanished fails and keeps its rows, since an emptied listing is as likely a wrong prefix or a lost permission.
     */
    WARN,
    /** The table fails, naming the files; nothing is loaded or removed. */
    FAIL,
    /**
     * {@code replace} only: as {@link #WARN}, and a table whose every file vanished is emptied, as the source's
     * folder is.
     */
    REMOVE
}
