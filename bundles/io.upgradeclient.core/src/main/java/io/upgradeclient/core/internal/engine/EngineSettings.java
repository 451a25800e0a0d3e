package io.upgradeclient.core.internal.engine;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * {@code upgradeclient.yaml} (PID {@value Engine#SETTINGS_PID}) as the engine reads it, and the form the Web
 * Console shows for it — which is why the store's keys are described here too. Method names map to the YAML's
 * dotted keys: {@code engine_job__threads} is {@code engine.job_threads}.
 */
@ObjectClassDefinition(name = "upgradeclient settings", description = "upgradeclient.yaml: threads, retries and folders.")
@interface EngineSettings {
    @AttributeDefinition(name = "Check threads", description = "Checks that may run at the same time.")
    int engine_check__threads() default 4;

    @AttributeDefinition(name = "Job threads", description = "Jobs (download, package, upload) processed at the same time.")
    int engine_job__threads() default 2;

    @AttributeDefinition(name = "Attempts", description = "Attempts of a step (download and package, or an upload to one target) before a job that keeps failing transiently is failed.")
    int engine_max__attempts() default 8;

    @AttributeDefinition(name = "First retry (s)", description = "Delay before the first retry; it doubles on each.")
    long engine_backoff__initial__seconds() default 30;

    @AttributeDefinition(name = "Longest retry (s)", description = "The longest delay between retries; it also caps the delay a peer asks for with Retry-After.")
    long engine_backoff__max__seconds() default 3600;

    @AttributeDefinition(name = "Cache folder", description = "Downloads; relative to the distribution folder.")
    String paths_cache() default "var/cache";

    @AttributeDefinition(name = "Staging folder", description = "Packaged files ready to publish; relative to the distribution folder.")
    String paths_staging() default "var/staging";

    @AttributeDefinition(name = "Data folder", description = "The database; read by the store at start.")
    String paths_data() default "var/data";

    @AttributeDefinition(name = "History retention (days)", description = "Events older than this are deleted; 0 keeps them.")
    long history_retention__days() default 180;

    @AttributeDefinition(name = "History size (rows)", description = "Beyond this many events the oldest are deleted; 0 for no limit.")
    long history_max__rows() default 1_000_000;
}
