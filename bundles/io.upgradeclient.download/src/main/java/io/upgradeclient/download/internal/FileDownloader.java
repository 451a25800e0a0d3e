package io.upgradeclient.download.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import io.upgradeclient.api.CheckDefinition;
import io.upgradeclient.api.DownloadedFile;
import io.upgradeclient.api.Downloader;
import io.upgradeclient.api.PermanentException;
import io.upgradeclient.api.PluginKind;
import io.upgradeclient.api.RemoteChange;
import io.upgradeclient.api.TransferProgress;
import io.upgradeclient.api.TransientException;

/**
 * A {@link Downloader} of type {@code file}, for {@code file:} URIs (a local folder or a mounted share): copies
 * the file into the cache through the same streaming, hashing, verifying and renaming as the other downloaders,
 * and verifies a checksum file lying beside it.
 */
@Component(name = FileDownloader.NAME, service = Downloader.class, configurationPid = DownloadSettings.PID,
        property = PluginKind.TYPE_PROPERTY + "=file")
public final class FileDownloader extends ConfiguredDownloader {
    static final String NAME = "io.upgradeclient.download.file";


    /**
     * @param config the bundle-wide limits
     */
    @Activate
    public FileDownloader(DownloadSettings.Config config) {
        super(config);
    }

    @Override
    DownloadedFile fetch(CheckDefinition check, RemoteChange change, Path cacheDir, TransferProgress progress)
            throws TransientException, PermanentException {
        URI url = change.url();
        Path source;
        try {
            source = Path.of(url);
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            throw new PermanentException(url + ": the file downloader fetches file: URIs of this machine only", e);
        }
        DownloadSettings settings = settings(check);
        CacheWriter cache = new CacheWriter(cacheDir, change);
        Optional<DownloadedFile> cached = cache.cached();
        if (cached.isPresent()) {
            return cached.get();
        }
        if (!Files.isRegularFile(source)) {
            throw new PermanentException(url + ": no such file");
        }
        Optional<PublishedChecksums.Checksum> published = settings.verifyChecksums()
                ? PublishedChecksums.find(change.fileName(), companion -> companion(source, companion))
                : Optional.empty();
        try (InputStream in = Files.newInputStream(source)) {
            CacheWriter.Received received = cache.receive(in, false, settings.maxSize(),
                    published.map(PublishedChecksums.Checksum::algorithm).orElse(null), Files.size(source), progress);
            return cache.commit(received, published);
        } catch (NoSuchFileException e) {
            throw new PermanentException(url + ": no such file", e);
        } catch (AccessDeniedException e) {
            throw new PermanentException(url + ": access denied", e);
        } catch (IOException e) {
            throw new TransientException(url + ": " + e, e);
        }
    }

    private static Optional<PublishedChecksums.Text> companion(Path file, PublishedChecksums.Companion companion)
            throws TransientException, PermanentException {
        Path path = switch (companion) {
            case SHA256_FILE -> file.resolveSibling(file.getFileName() + ".sha256");
            case MD5_FILE -> file.resolveSibling(file.getFileName() + ".md5");
            case SHA256SUMS -> file.resolveSibling("SHA256SUMS");
        };
        if (!Files.isRegularFile(path)) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(path)) {
            byte[] bytes = in.readNBytes(PublishedChecksums.MAX_COMPANION_BYTES + 1);
            if (bytes.length > PublishedChecksums.MAX_COMPANION_BYTES) {
                throw new PermanentException(path + ": expected a checksum file, got more than "
                        + PublishedChecksums.MAX_COMPANION_BYTES + " bytes");
            }
            return Optional.of(new PublishedChecksums.Text(path.toString(), new String(bytes, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new TransientException(path + ": " + e, e);
        }
    }
}
