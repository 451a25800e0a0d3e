/**
 * The contracts of upgradeclient: the plugin kinds ({@link io.upgradeclient.api.Checker},
 * {@link io.upgradeclient.api.Filter}, {@link io.upgradeclient.api.Downloader},
 * {@link io.upgradeclient.api.Packager}, {@link io.upgradeclient.api.Uploader},
 * {@link io.upgradeclient.api.Alerter}), the immutable values they exchange, and the services the core and the
 * store offer to plugins and to the web UI ({@link io.upgradeclient.api.History},
 * {@link io.upgradeclient.api.JobQueue}, {@link io.upgradeclient.api.Checkpoints}, {@link io.upgradeclient.api.Cluster}).
 *
 * <p>Every plugin is an OSGi service registered with the property {@value io.upgradeclient.api.PluginKind#TYPE_PROPERTY};
 * configuration refers to plugins by that type (the seed's {@code relation_type} and {@code check_filter}).
 *
 * <p>Failures are split in two: {@link io.upgradeclient.api.TransientException} means "retry later" (network
 * down, 5xx, timeout), {@link io.upgradeclient.api.PermanentException} means "this will never work" (404, bad
 * credentials, malformed input). Any other runtime exception thrown by a plugin is a failed attempt: it is recorded
 * with its class and retried like a transient failure, up to the engine's attempt limit.
 */
@Version("1.5.0")
@Export
package io.upgradeclient.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
