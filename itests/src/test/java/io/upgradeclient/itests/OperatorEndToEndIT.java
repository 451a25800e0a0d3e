package io.upgradeclient.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.After;
import org.junit.Test;
import org.sqlite.SQLiteDataSource;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * What an operator does on the first day, on the assembled distribution run through {@code bin/upgradeclient}: the
 * shipped default configuration publishes a file dropped into {@code var/inbox/} with no edits; {@code check-config}
 * tells a broken file by its line; {@code import} brings the original service's configuration and history over, once.
 */
public class OperatorEndToEndIT {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final Duration COMMAND_DEADLINE = Duration.ofSeconds(60);

    private InstalledDistribution distribution;

    private InstalledDistribution install(String name) throws IOException {
        Path work = InstalledDistribution.workFolder(getClass())
                .resolve(name).toAbsolutePath();
        distribution = new InstalledDistribution(work);
        return distribution;
    }

    @After
    public void killLeftovers() {
        if (distribution != null) {
            distribution.close();
        }
    }

    /** The output and exit code of {@code bin/upgradeclient <args>}, run from another folder. */
    private record Run(int exit, String output) {
    }

    private Run upgradeclient(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(distribution.home().resolve("bin/upgradeclient").toString()));
        command.addAll(List.of(args));
        Path output = Files.createTempFile(distribution.home().getParent(), "command", ".out");
        Process process = new ProcessBuilder(command).directory(distribution.home().getParent().toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        assertThat(process.waitFor(COMMAND_DEADLINE.toSeconds(), TimeUnit.SECONDS)).as(String.join(" ", args) + " ended").isTrue();
        return new Run(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    }

    @Test
    public void theShippedConfigurationPublishesAFileDroppedIntoTheInbox() throws Exception {
        install("default-config");
        Path home = distribution.home();
        Process process = distribution.start();
        Path inbox = home.resolve("var/inbox");
        assertThat(inbox).as("created by the launcher").isDirectory();

        byte[] firmware = new byte[200 * 1024];
        new Random(11).nextBytes(firmware);
        Path dropped = Files.write(home.resolve("IPC_50H10L.20161025.bin"), firmware);
        Files.move(dropped, inbox.resolve(dropped.getFileName()), StandardCopyOption.ATOMIC_MOVE);
        Files.writeString(inbox.resolve("notes.txt"), "not a firmware image");

        Path published = home.resolve("var/published/IPC_50H10L.20161025.bin");
        Eventually.await(DEADLINE, "the firmware in var/published/", () -> Files.exists(published)
                && Files.mismatch(published, inbox.resolve("IPC_50H10L.20161025.bin")) == -1L);
        Eventually.await(DEADLINE, "the published job in the history", () -> events().stream()
                .anyMatch(event -> "done".equals(event.get("log_name").getAsString())
                        && "inbox".equals(event.get("dao_name").getAsString())
                        && "IPC_50H10L.20161025.bin".equals(event.get("file_name").getAsString())));
        try (Stream<Path> files = Files.list(home.resolve("var/published"))) {
            assertThat(files.map(file -> file.getFileName().toString())).as("the glob filter left the text file out")
                    .containsExactly("IPC_50H10L.20161025.bin");
        }

        // Every event names its node; /metrics counts the bytes per node from the store, all-time: a restart keeps them.
        String node = events().get(0).get("node").getAsString();
        assertThat(node).isNotBlank();
        assertThat(events()).allSatisfy(event -> assertThat(event.get("node").getAsString()).isEqualTo(node));
        String downloaded = "upgradeclient_downloaded_bytes_total{node=\"" + node + "\",check=\"inbox\"} " + firmware.length;
        String uploaded = "upgradeclient_uploaded_bytes_total{node=\"" + node + "\",check=\"inbox\"} ";
        List<String> before = metrics();
        assertThat(before).contains(downloaded, "upgradeclient_node_up{node=\"" + node + "\"} 1");
        String uploadedLine = before.stream().filter(line -> line.startsWith(uploaded)).findFirst().orElseThrow();
        assertThat(Long.parseLong(uploadedLine.substring(uploaded.length()))).isPositive();

        assertThat(distribution.command("stop")).isEqualTo(0);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        Process restarted = distribution.start();
        assertThat(metrics()).as("after a restart").contains(downloaded, uploadedLine);

        assertThat(distribution.command("stop")).isEqualTo(0);
        assertThat(restarted.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(distribution.log()).doesNotContain(" ERROR ")
                .as("the files are applied while the config bundle starts, before the components reading them start")
                .containsPattern("\\| FelixStartLevel +\\| Reconciler +\\| Created configuration io\\.upgradeclient\\.settings ");
    }

    private List<String> metrics() throws IOException, InterruptedException {
        return distribution.get("/metrics").body().lines().toList();
    }

    private List<JsonObject> events() throws IOException, InterruptedException {
        JsonObject page = JsonParser.parseString(distribution.getAsAdmin("/api/v1/events?limit=100").body()).getAsJsonObject();
        List<JsonObject> events = new ArrayList<>();
        for (JsonElement event : page.getAsJsonArray("events")) {
            events.add(event.getAsJsonObject());
        }
        return events;
    }

    @Test
    public void checkConfigSaysOkForTheShippedConfigurationAndNamesTheLineOfABrokenFile() throws Exception {
        install("check-config");
        Path home = distribution.home();

        Run shipped = upgradeclient("check-config");
        assertThat(shipped.exit()).as(shipped.output()).isEqualTo(0);
        assertThat(shipped.output().lines()).first().isEqualTo("ok");
        assertThat(shipped.output()).contains("check inbox (file " + home.resolve("var/inbox").toUri());

        Path check = home.resolve("config/check/inbox.json");
        List<String> lines = new ArrayList<>(Files.readAllLines(check, StandardCharsets.UTF_8));
        int line = lines.indexOf("  \"summarize_interval\": \"2\",");
        assertThat(line).as("the shipped check sets summarize_interval on a line of its own").isPositive();
        lines.set(line, "  \"summarize_interval\": \"soon\",");
        Files.write(check, lines, StandardCharsets.UTF_8);
        Files.writeString(home.resolve("config/upload/upload.json"), "{\"published\": {\"dir\": {\"path\": \"var/published\",}}}");

        Run broken = upgradeclient("check-config");
        assertThat(broken.exit()).as(broken.output()).isEqualTo(1);
        assertThat(broken.output()).contains(check + ":" + (line + 1) + ": summarize_interval: a whole number of seconds greater"
                + " than 0 (a number or a numeric string; \"\" for the default 15), was 'soon'");
        assertThat(broken.output()).contains(home.resolve("config/upload/upload.json") + ":1: JSON syntax: ");
        assertThat(broken.output()).contains("2 problems in " + home.resolve("config")).doesNotContain("ok\n");
    }

    @Test
    public void importBringsTheOriginalsConfigurationAndHistoryOverOnce() throws Exception {
        install("import");
        Path home = distribution.home();
        Path original = distribution.home().getParent().resolve("xm_zoomeye_upgradeclient");
        Path db = originalInstallation(original);

        Run first = upgradeclient("import", original.toString());
        assertThat(first.exit()).as(first.output()).isEqualTo(0);
        assertThat(first.output()).contains("config: check/xm_dvr.json imported", "config: alert/alert.json imported",
                "history: 3 rows imported from " + db);
        assertThat(first.output()).as("the shipped upload.json is kept").contains("warning: config/upload/upload.json exists and differs");
        assertThat(Files.mismatch(original.resolve("upload/upload.json"), home.resolve("config/upload/upload.json.imported"))).isEqualTo(-1L);

        Run second = upgradeclient("import", original.toString());
        assertThat(second.exit()).as(second.output()).isEqualTo(0);
        assertThat(second.output()).contains("history: 0 rows imported from " + db, ", 3 imported before");

        // as the import's note says: the default retention (180 days) would delete the 2016 rows at start
        Path settings = home.resolve("config/upgradeclient.yaml");
        String yaml = Files.readString(settings, StandardCharsets.UTF_8);
        assertThat(yaml).contains("retention_days: 180");
        Files.writeString(settings, yaml.replace("retention_days: 180", "retention_days: 0"), StandardCharsets.UTF_8);
        assertThat(first.output()).contains("note: history: the oldest imported row is from 2016-10-24");

        Process process = distribution.start();
        JsonArray imported = JsonParser.parseString(distribution.getAsAdmin("/api/v1/events?dao_name=xm_dvr&limit=100").body())
                .getAsJsonObject().getAsJsonArray("events");
        List<String> messages = new ArrayList<>();
        for (JsonElement event : imported) {
            messages.add(event.getAsJsonObject().get("log_message").getAsString());
        }
        assertThat(messages).as("newest (highest original id) first").containsSubsequence("第三条 third", "第二条 second", "第一条 first");
        JsonObject oldest = imported.get(imported.size() - 1).getAsJsonObject();
        assertThat(oldest.get("log_level").getAsString()).isEqualTo("error");
        assertThat(oldest.get("created_time").getAsString())
                .isEqualTo(LocalDateTime.parse("2016-10-24T08:00:01").atZone(ZoneId.systemDefault()).toInstant().toString());

        Run whileRunning = upgradeclient("import", original.toString());
        assertThat(whileRunning.exit()).isEqualTo(1);
        assertThat(whileRunning.output()).contains("upgradeclient is running");

        assertThat(distribution.command("stop")).isEqualTo(0);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    }

    /** The original's folder: its JSON files and its SQLite file, in its exact schema, rows out of id order. */
    private static Path originalInstallation(Path folder) throws IOException, SQLException {
        write(folder.resolve("check/xm_dvr.json"), """
                {"name": "xm_dvr", "auth_user": "", "auth_pass": "", "_comments": "", "base_url": "http://svn.example.com/DVR/",
                 "proxy_host": "", "target_host": "", "revision_seconds": "2592000", "summarize_interval": "15",
                 "check_filter": "default", "upload": [{"relation_name": "default", "relation_type": "rsync"}],
                 "target_cache": "xm_upgradefiles"}""");
        write(folder.resolve("upload/upload.json"), """
                {"default": {"rsync": {"_comments": "", "binpath": "", "username": "up", "password": "pw", "serverip": "127.0.0.1",
                 "serverport": "873", "localpath": "xm_upgradefiles", "remotepath": "upgradefiles"}}}""");
        write(folder.resolve("alert/alert.json"), """
                {"default": {"email": {"_comments": "", "smtp_host": "127.0.0.1", "smtp_port": 25, "smtp_user": "u@example.com",
                 "smtp_pass": "p", "debug_num": 1}}}""");
        Path db = folder.resolve("xm_zoomeye_upgradeclient.db");
        SQLiteDataSource source = new SQLiteDataSource();
        source.setUrl("jdbc:sqlite:" + db);
        try (Connection connection = source.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE upgradeclient (id INTEGER PRIMARY KEY, log_level TEXT, log_name TEXT, log_class TEXT, "
                    + "dao_name TEXT, file_type TEXT, file_name TEXT, file_url TEXT, last_author TEXT, last_date TEXT, "
                    + "last_revision TEXT, last_action TEXT, log_message TEXT, created_time TEXT)");
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO upgradeclient VALUES (?, ?, 'check', 'SvnCheckService', 'xm_dvr', '海思平台', 'ReleaseNote', "
                            + "'http://svn.example.com/DVR/ReleaseNote', 'zhang', ?, 'r1', 'added', ?, ?)")) {
                Object[][] rows = {
                        {30L, "info ", "1477459200", "第三条 third", "2016-10-26 09:00:00"},
                        {2L, "error  ", "1477286400", "第一条 first", "2016-10-24 08:00:01"},
                        {17L, "warning", "1477372800", "第二条 second", "2016-10-25 12:30:00"}};
                for (Object[] row : rows) {
                    for (int i = 0; i < row.length; i++) {
                        insert.setObject(i + 1, row[i]);
                    }
                    insert.executeUpdate();
                }
            }
        }
        try (Connection connection = source.getConnection(); Statement statement = connection.createStatement();
                ResultSet count = statement.executeQuery("SELECT count(*) FROM upgradeclient")) {
            assertThat(count.next() && count.getInt(1) == 3).isTrue();
        }
        return db;
    }

    private static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }
}
