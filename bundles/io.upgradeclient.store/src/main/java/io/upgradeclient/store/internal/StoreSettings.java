package io.upgradeclient.store.internal;

/**
 * The store's keys of the shared settings PID {@value Database#SETTINGS_PID} ({@code upgradeclient.yaml}). Method
 * names map to dotted keys: {@code paths_data} is {@code paths.data}, {@code history_max__rows} is
 * {@code history.max_rows}. The PID's metatype form is the engine's, so there is no second one here.
 */
@interface StoreSettings {
    /** @return the data folder, holding {@code upgradeclient.db}; relative to the distribution folder unless absolute */
    String paths_data() default "var/data";

    /** @return {@code sqlite} (the default) or {@code postgresql} */
    String store_type() default "sqlite";

    /** @return the PostgreSQL JDBC URL, {@code jdbc:postgresql://host:port/database} */
    String store_url() default "";

    /** @return the PostgreSQL user */
    String store_user() default "upgradeclient";

    /** @return the PostgreSQL password, when there is no password file */
    String store_password() default "";

    /** @return a file whose first line is the PostgreSQL password; relative to the distribution folder */
    String store_password__file() default "";

    /** @return the most PostgreSQL connections this node opens */
    int store_pool__size() default 8;

    /** @return seconds a job claim holds without a heartbeat; then another node may resume the job */
    int store_lease__seconds() default 30;

    /** @return this node's name in a shared store; blank for the instance's name and the host's */
    String node_name() default "";

    /** @return days history events are kept; 0 keeps them forever */
    int history_retention__days() default 180;

    /** @return the most history events kept, the oldest are deleted first; 0 for no limit */
    long history_max__rows() default 1_000_000;
}
