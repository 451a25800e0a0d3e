package io.upgradeclient.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

import io.upgradeclient.api.Event;
import io.upgradeclient.api.EventLevel;
import io.upgradeclient.api.EventPage;
import io.upgradeclient.api.EventQuery;
import io.upgradeclient.api.EventTotal;

/**
 * An installation of the original service, built here in its exact format (the seed's table, text columns, local
 * time text, its quirks), imported into a fresh distribution folder, twice.
 */
class ImportOriginalTest {
    /** The original ran in China; the import reads its local times in the machine's zone, here pinned. */
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    /** The original's table, exactly as its DAO created it. */
    static final String SEED_TABLE = "CREATE TABLE upgradeclient (id INTEGER PRIMARY KEY, log_level TEXT, log_name TEXT, "
            + "log_class TEXT, dao_name TEXT, file_type TEXT, file_name TEXT, file_url TEXT, last_author TEXT, last_date TEXT, "
            + "last_revision TEXT, last_action TEXT, log_message TEXT, created_time TEXT)";

    @TempDir
    Path dir;

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();

    private Path home() {
        return dir.resolve("upgradeclient");
    }

    private Path original() {
        return dir.resolve("xm_zoomeye_upgradeclient");
    }

    private int runImport(String... args) {
        output.reset();
        try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            return new ImportOriginal(home(), ZONE, out).run(args);
        }
    }

    private String printed() {
        return output.toString(StandardCharsets.UTF_8);
    }

    /** Rows inserted out of id order, with gaps, as the original's daily upsert and deletes leave them. */
    private Path originalInstallation() throws Exception {
        Path folder = original();
        write(folder.resolve("check/xm_dvr.json"), """
                {"name": "xm_dvr", "auth_user": "", "auth_pass": "", "_comments": "", "base_url": "http://svn.example.com/DVR/",
                 "proxy_host": "", "target_host": "", "revision_seconds": "2592000", "summarize_interval": "15",
                 "check_filter": "default", "upload": [{"relation_name": "default", "relation_type": "rsync"}],
                 "target_cache": "xm_upgradefiles"}""");
        write(folder.resolve("check/xm_ipc.json"), "{\"name\": \"xm_ipc\", \"base_url\": \"http://svn.example.com/IPC/\"}");
        write(folder.resolve("upload/upload.json"), """
                {"default": {"rsync": {"_comments": "", "binpath": "/usr/bin/rsync", "username": "up", "password": "pw",
                 "serverip": "10.0.0.1", "serverport": "873", "localpath": "xm_upgradefiles", "remotepath": "upgradefiles"}}}""");
        write(folder.resolve("alert/alert.json"), """
                {"default": {"email": {"_comments": "", "smtp_host": "smtp.example.com", "smtp_port": 25,
                 "smtp_user": "u@example.com", "smtp_pass": "p", "debug_num": 1}}}""");
        Path db = folder.resolve("data/xm_zoomeye_upgradeclient.db");
        Files.createDirectories(db.getParent());
        execute(db, SEED_TABLE);
        insert(db, 12, "info", "check", "SvnCheckService", "xm_dvr", "General", "IPC_50H10L.20161025.bin",
                "http://svn.example.com/DVR/General/IPC_50H10L.20161025.bin", "zhang", "1477372800", "r1201", "modified",
                "固件已上传 (uploaded)", "2016-10-25 23:59:58");
        insert(db, 3, "error  ", "download", "HttpDownloadService", "xm_dvr", "海思平台", "ReleaseNote",
                "http://svn.example.com/DVR/%E6%B5%B7%E6%80%9D%E5%B9%B3%E5%8F%B0/ReleaseNote", "li", "1477286400", "r1190",
                "added", "下载失败: it's a \"quoted\" message; DROP TABLE upgradeclient; --", "2016-10-24 08:00:01");
        insert(db, 7, "warning ", "upload", "RsyncUploadService", "xm_ipc", null, null, null, null, "", null, null,
                "rsync exited 23", "2016-10-25 00:00:00.250000");
        insert(db, 9, "critical", "check", "SvnCheckService", "xm_ipc", "", "", "", "", "not a date", "", "",
                "odd level", "2016-10-25 10:00:00");
        insert(db, 10, "info", "check", "SvnCheckService", "xm_ipc", "", "", "", "", "", "", "", "no time", "yesterday");
        return db;
    }

    @Test
    void importsConfigurationAndHistoryInIdOrderWithLocalTimesAndTheOriginalsQuirks() throws Exception {
        Path db = originalInstallation();

        int exit = runImport(original().toString());

        assertThat(exit).as("row 10 was skipped: " + printed()).isEqualTo(ImportOriginal.FAILED);
        for (String file : List.of("upload/upload.json", "alert/alert.json")) {
            assertThat(Files.mismatch(original().resolve(file), home().resolve("config").resolve(file))).as(file).isEqualTo(-1L);
        }
        for (String file : List.of("check/xm_dvr.json", "check/xm_ipc.json", "upload/upload.json", "alert/alert.json")) {
            assertThat(printed()).contains("config: " + file + " imported");
        }
        assertThat(home().resolve("config/check/xm_ipc.json"))
                .hasContent("{ \"packager\": \"xm\", \"name\": \"xm_ipc\", \"base_url\": \"http://svn.example.com/IPC/\"}");
        assertThat(Files.readString(home().resolve("config/check/xm_dvr.json")))
                .isEqualTo(Files.readString(original().resolve("check/xm_dvr.json")).replaceFirst("\\{", "{ \"packager\": \"xm\", "));
        assertThat(printed()).contains("error: history: 1 rows skipped; fix them in " + db + " and import again",
                "summary: configuration 4 imported, 0 unchanged, 0 kept ours (the original beside it as .imported);"
                        + " history 4 rows imported, 0 imported before, 1 skipped");
        assertThat(printed()).contains("history: 4 rows imported from " + db + " into "
                + home().resolve("var/data/upgradeclient.db") + ", 0 imported before");
        assertThat(printed()).contains("warning: history: row 10: created_time 'yesterday' is not a time YYYY-MM-DD HH:MM:SS (skipped)");
        assertThat(printed()).contains("warning: history: 1 rows had a log_level other than debug/info/warning/error");
        assertThat(printed()).contains("warning: history: 1 rows had a last_date that is not a time");

        List<List<Object>> rows = ours("SELECT log_level, log_name, log_class, dao_name, file_type, file_name, file_url, "
                + "last_author, last_date, last_revision, last_action, log_message, created_time, day, job_id FROM upgradeclient ORDER BY id");
        assertThat(rows).hasSize(4);
        assertThat(rows.get(0)).containsExactly("error", "download", "HttpDownloadService", "xm_dvr", "海思平台", "ReleaseNote",
                "http://svn.example.com/DVR/%E6%B5%B7%E6%80%9D%E5%B9%B3%E5%8F%B0/ReleaseNote", "li", 1_477_286_400_000L, "r1190",
                "added", "下载失败: it's a \"quoted\" message; DROP TABLE upgradeclient; --",
                millis("2016-10-24T08:00:01"), "2016-10-24", 0L);
        assertThat(rows.get(1)).containsExactly("warning", "upload", "RsyncUploadService", "xm_ipc", "", "", "", "", null, "",
                "", "rsync exited 23", millis("2016-10-25T00:00:00.250"), "2016-10-25", 0L);
        assertThat(rows.get(2)).as("unknown level kept as info, unreadable last_date left empty")
                .containsExactly("info", "check", "SvnCheckService", "xm_ipc", "", "", "", "", null, "", "", "odd level",
                        millis("2016-10-25T10:00:00"), "2016-10-25", 0L);
        assertThat(rows.get(3)).containsExactly("info", "check", "SvnCheckService", "xm_dvr", "General", "IPC_50H10L.20161025.bin",
                "http://svn.example.com/DVR/General/IPC_50H10L.20161025.bin", "zhang", 1_477_372_800_000L, "r1201", "modified",
                "固件已上传 (uploaded)", millis("2016-10-25T23:59:58"), "2016-10-25", 0L);
        assertThat(ours("SELECT original_id FROM imported_rows WHERE source = '" + db + "' ORDER BY event_id"))
                .extracting(row -> row.get(0)).containsExactly(3L, 7L, 9L, 12L);

        try (Database database = Database.open(home().resolve("var/data/upgradeclient.db"));
                SqlHistory history = new SqlHistory(database, ZONE, SqlHistory.Tuning.DEFAULTS)) {
            EventPage page = history.search(EventQuery.all());
            assertThat(page.total()).isEqualTo(4);
            assertThat(page.events()).as("newest id first, as the web UI lists them")
                    .extracting(event -> event.message()).containsExactly("固件已上传 (uploaded)", "odd level", "rsync exited 23",
                            "下载失败: it's a \"quoted\" message; DROP TABLE upgradeclient; --");
            assertThat(page.events().get(3).level()).isEqualTo(EventLevel.ERROR);
            assertThat(page.events().get(3).createdTime()).isEqualTo(Instant.ofEpochMilli(millis("2016-10-24T08:00:01")));
            assertThat(page.events()).extracting(Event::node).containsOnly(Event.IMPORTED);
            assertThat(history.totals()).as("counted in the import's transactions, under node imported").containsExactlyInAnyOrder(
                    new EventTotal(Event.IMPORTED, "xm_dvr", "download", EventLevel.ERROR, 1, 0, Duration.ZERO, 0),
                    new EventTotal(Event.IMPORTED, "xm_ipc", "upload", EventLevel.WARNING, 1, 0, Duration.ZERO, 0),
                    new EventTotal(Event.IMPORTED, "xm_ipc", "check", EventLevel.INFO, 1, 0, Duration.ZERO, 0),
                    new EventTotal(Event.IMPORTED, "xm_dvr", "check", EventLevel.INFO, 1, 0, Duration.ZERO, 0));
        }
    }

    @Test
    void importsTheHistoryIntoTheSharedPostgresqlDatabaseOnce() throws Exception {
        Path db = originalInstallation();
        PostgresqlServer server = PostgresqlServer.shared();
        PostgresqlConnections shared = server.newDatabase();
        Path passwordFile = dir.resolve("db-password");
        Files.writeString(passwordFile, "unused-with-trust-auth\n");
        try {
            String[] args = {original().toString(), "--target-url", shared.url(), "--target-user", shared.user(),
                "--target-password-file", passwordFile.toString()};
            assertThat(runImport(args)).as(printed()).as("row 10 of the original is skipped").isEqualTo(ImportOriginal.FAILED);
            assertThat(printed()).contains("history: 4 rows imported from " + db + " into " + shared.url())
                    .doesNotContain("unused-with-trust-auth");
            assertThat(runImport(args)).as(printed()).isEqualTo(ImportOriginal.FAILED);
            assertThat(printed()).contains("history: 0 rows imported from " + db).contains(", 4 imported before");
            try (Database database = Database.open(shared);
                    SqlHistory history = new SqlHistory(database, ZONE, SqlHistory.Tuning.DEFAULTS)) {
                assertThat(history.search(EventQuery.all()).events()).extracting(Event::node).containsOnly(Event.IMPORTED);
                assertThat(history.totals()).as("the second run counted nothing again").extracting(EventTotal::events)
                        .containsOnly(1L).hasSize(4);
            }

            try (Database database = Database.open(shared);
                    SqlHistory history = new SqlHistory(database, ZONE, SqlHistory.Tuning.DEFAULTS)) {
                EventPage page = history.search(EventQuery.all());
                assertThat(page.total()).isEqualTo(4);
                assertThat(page.events()).extracting(event -> event.message()).containsExactly("固件已上传 (uploaded)",
                        "odd level", "rsync exited 23", "下载失败: it's a \"quoted\" message; DROP TABLE upgradeclient; --");
            }
            assertThat(home().resolve("var/data/upgradeclient.db")).doesNotExist();
        } finally {
            server.drop(shared);
        }
    }

    @Test
    void aSecondImportAddsNothingAndAFixedRowIsImportedOnce() throws Exception {
        Path db = originalInstallation();
        assertThat(runImport(original().toString())).isEqualTo(ImportOriginal.FAILED);

        assertThat(runImport(original().toString(), "--db", db.toString())).as("row 10 is still skipped").isEqualTo(ImportOriginal.FAILED);

        assertThat(printed()).contains("history: 0 rows imported from " + db).contains(", 4 imported before");
        assertThat(printed()).contains("config: check/xm_dvr.json unchanged (already there)");
        assertThat(ours("SELECT count(*) FROM upgradeclient")).containsExactly(List.of(4L));

        execute(db, "UPDATE upgradeclient SET created_time = '2016-10-26 09:00:00' WHERE id = 10");
        assertThat(runImport(original().toString())).as(printed()).isEqualTo(ImportOriginal.OK);
        assertThat(printed()).contains("history: 1 rows imported from " + db).contains(", 4 imported before");
        assertThat(ours("SELECT log_message FROM upgradeclient ORDER BY id DESC LIMIT 1")).containsExactly(List.of("no time"));
    }

    @Test
    void aDifferingConfigurationFileKeepsOursAndPutsTheOriginalBesideIt() throws Exception {
        originalInstallation();
        Path ours = write(home().resolve("config/upload/upload.json"), "{\"published\": {\"dir\": {\"path\": \"var/published\"}}}");

        runImport(original().toString());

        assertThat(ours).hasContent("{\"published\": {\"dir\": {\"path\": \"var/published\"}}}");
        assertThat(Files.mismatch(original().resolve("upload/upload.json"), ours.resolveSibling("upload.json.imported"))).isEqualTo(-1L);
        assertThat(printed()).contains("warning: config/upload/upload.json exists and differs: ours is kept, the original is in "
                + ours.resolveSibling("upload.json.imported"), "1 kept ours");
    }

    @Test
    void noDatabaseOrNoConfigurationIsAnIncompleteImport() throws Exception {
        write(original().resolve("check/xm_ipc.json"), "{\"name\": \"xm_ipc\", \"base_url\": \"http://svn.example.com/IPC/\"}");

        assertThat(runImport(original().toString())).isEqualTo(ImportOriginal.FAILED);
        assertThat(printed()).contains("error: history: no SQLite database with a table 'upgradeclient' in " + original(),
                "summary: configuration 1 imported, 0 unchanged, 0 kept ours (the original beside it as .imported); history: none imported",
                "import incomplete");

        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertThat(runImport(empty.toString())).isEqualTo(ImportOriginal.FAILED);
        assertThat(printed()).contains("error: config: no check/*.json, upload/upload.json or alert/alert.json in " + empty);
    }

    @Test
    void aCheckFileThatNamesItsTypeOrPackagerIsCopiedAsItIs() throws Exception {
        byte[] typed = "{\"name\": \"a\", \"check_type\": \"http\"}".getBytes(StandardCharsets.UTF_8);
        byte[] packaged = "{\n  \"packager\": \"copy\",\n  \"name\": \"b\"\n}".getBytes(StandardCharsets.UTF_8);

        assertThat(OriginalCheckFile.withExplicitPackager(typed)).isEqualTo(typed);
        assertThat(OriginalCheckFile.withExplicitPackager(packaged)).isEqualTo(packaged);
        assertThat(new String(OriginalCheckFile.withExplicitPackager("{\n  \"name\": \"c\"\n}".getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8)).isEqualTo("{\n  \"packager\": \"xm\",\n  \"name\": \"c\"\n}");
    }

    @Test
    void severalDatabasesInTheFolderNeedToBeNamed() throws Exception {
        Path db = originalInstallation();
        Files.copy(db, original().resolve("backup.sqlite"));
        Files.writeString(original().resolve("notes.db"), "not a database");

        assertThat(runImport(original().toString())).isEqualTo(ImportOriginal.FAILED);

        assertThat(printed()).contains("error: history: several databases in " + original() + ": ["
                + original().resolve("backup.sqlite") + ", " + db + "]; name one with --db <file>");
        assertThat(Files.exists(home().resolve("var/data/upgradeclient.db"))).isFalse();
    }

    @Test
    void aMissingFolderIsAUsageError() {
        assertThat(runImport()).isEqualTo(ImportOriginal.USAGE);
        assertThat(runImport(dir.resolve("nowhere").toString())).isEqualTo(ImportOriginal.USAGE);
        assertThat(printed()).contains(dir.resolve("nowhere") + ": not a folder");
    }

    private static long millis(String localTime) {
        return LocalDateTime.parse(localTime).atZone(ZONE).toInstant().toEpochMilli();
    }

    private static Path write(Path file, String content) throws Exception {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    private static SQLiteDataSource source(Path db) {
        SQLiteDataSource source = new SQLiteDataSource();
        source.setUrl("jdbc:sqlite:" + db);
        return source;
    }

    private static void execute(Path db, String sql) throws SQLException {
        try (Connection connection = source(db).getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static void insert(Path db, long id, String... columns) throws SQLException {
        try (Connection connection = source(db).getConnection(); PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO upgradeclient VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setLong(1, id);
            for (int i = 0; i < columns.length; i++) {
                insert.setString(i + 2, columns[i]);
            }
            insert.executeUpdate();
        }
    }

    private List<List<Object>> ours(String sql) throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        try (Connection connection = source(home().resolve("var/data/upgradeclient.db")).getConnection();
                Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    Object value = result.getObject(i);
                    row.add(value instanceof Integer number ? Long.valueOf(number) : value);
                }
                rows.add(row);
            }
        }
        return rows;
    }
}
