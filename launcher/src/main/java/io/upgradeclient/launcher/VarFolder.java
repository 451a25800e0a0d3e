package io.upgradeclient.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Keeps {@code var/} for the service's user only. It holds secrets: Config Admin's copies of every configuration
 * (passwords included) under {@code framework/}, the generated {@code webconsole-password}, the database, and
 * short-lived secret files in {@code tmp/}. At each start the launcher makes {@code var/} mode 700, takes group
 * and other permissions off everything in it that a release before this one (or a different umask) left open,
 * and empties {@code tmp/}: a temporary secret (such as rsync's password file) that a crash ({@code kill -9})
 * left behind is gone at the next start.
 */
final class VarFolder {
    /** The folder, below {@code var/}, for temporary files holding secrets. */
    static final String TMP = "tmp";

    private static final Set<PosixFilePermission> OPEN = EnumSet.of(PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_EXECUTE);

    private VarFolder() {
    }

    /**
     * @param var the distribution's {@code var/} folder, created when missing
     * @throws IOException if it cannot be made private
     */
    static void secure(Path var) throws IOException {
        Files.createDirectories(var);
        Files.setPosixFilePermissions(var, PosixFilePermissions.fromString("rwx------"));
        try (Stream<Path> paths = Files.walk(var)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                if (Files.isSymbolicLink(path)) {
                    continue;
                }
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
                if (permissions.removeAll(OPEN)) {
                    Files.setPosixFilePermissions(path, permissions);
                }
            }
        }
        Path tmp = var.resolve(TMP);
        if (Files.exists(tmp)) {
            try (Stream<Path> paths = Files.walk(tmp)) {
                List<Path> leftovers = paths.sorted(Comparator.reverseOrder()).toList();
                for (Path leftover : leftovers) {
                    Files.delete(leftover);
                }
            }
        }
        Files.createDirectory(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
}
