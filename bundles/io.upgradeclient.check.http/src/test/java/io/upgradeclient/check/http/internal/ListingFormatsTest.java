package io.upgradeclient.check.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.upgradeclient.api.PermanentException;

/**
 * One listing per server, each captured from the real server (see {@code src/test/resources/listings/README.md})
 * over the same folder: a sub-folder and two files whose names hold a dotted capital I ({@code İ}), spaces and an
 * ampersand.
 */
class ListingFormatsTest {
    private static final Instant FOLDER_TIME = Instant.parse("2016-10-24T11:29:30Z");
    private static final Instant FIRMWARE_TIME = Instant.parse("2016-10-25T08:00:17Z");
    private static final Instant NOTES_TIME = Instant.parse("2016-10-26T09:15:05Z");
    private static final String FIRMWARE = "IPC_İstanbul_V4.02.bin";
    private static final String NOTES = "Release Notes & Errata.txt";

    /** Fixture, folder URL, Content-Type, the format told, how precise its times are, which sizes it gives. */
    static Stream<Arguments> servers() {
        return Stream.of(
                Arguments.of("apache-fancy-pre.html", "/fancy/fw/", "text/html;charset=UTF-8", ListingParser.Format.PRE, Precision.MINUTE, Sizes.ROUNDED),
                Arguments.of("apache-plain.html", "/plain/fw/", "text/html;charset=UTF-8", ListingParser.Format.APACHE_LIST, Precision.NONE, Sizes.NONE),
                Arguments.of("nginx.xml", "/xml/fw/", "text/xml", ListingParser.Format.NGINX_XML, Precision.SECOND, Sizes.EXACT),
                Arguments.of("caddy.html", "/fw/", "text/html; charset=utf-8", ListingParser.Format.CADDY, Precision.SECOND, Sizes.EXACT),
                Arguments.of("caddy.json", "/fw/", "application/json", ListingParser.Format.CADDY_JSON, Precision.SECOND, Sizes.EXACT),
                Arguments.of("python-http-server.html", "/fw/", "text/html; charset=utf-8", ListingParser.Format.PYTHON, Precision.NONE, Sizes.NONE),
                Arguments.of("iis.html", "/fw/", "text/html; charset=utf-8", ListingParser.Format.IIS, Precision.MINUTE, Sizes.EXACT),
                Arguments.of("s3.xml", "/fw/", "application/xml", ListingParser.Format.S3_XML, Precision.SECOND, Sizes.EXACT));
    }

    /** Which sizes a listing gives in bytes: none, those under 1 KiB (Apache prints 121K), or all. */
    enum Sizes {
        NONE, ROUNDED, EXACT
    }

    enum Precision {
        NONE, MINUTE, SECOND;

        Instant of(Instant time) {
            return switch (this) {
                case NONE -> null;
                case MINUTE -> Instant.ofEpochSecond(time.getEpochSecond() / 60 * 60);
                case SECOND -> time;
            };
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("servers")
    void readsEveryServersListing(String fixture, String path, String contentType, ListingParser.Format format,
            Precision precision, Sizes sizes) throws Exception {
        ListingParser.Parsed parsed = ListingParser.parse(folder(path), contentType, fixture(fixture));

        assertThat(parsed.format()).isEqualTo(format);
        assertThat(entries(path, parsed)).extracting(ListingEntry::name, ListingEntry::directory, ListingEntry::size)
                .containsExactlyInAnyOrder(tuple("İzmir", true, -1L), tuple(FIRMWARE, false, sizes == Sizes.NONE ? -1L : 8L),
                        tuple(NOTES, false, sizes == Sizes.EXACT ? 123456L : -1L));
        // the IIS fixture was written from its documented format with the notes at 9:15 PM, to read a PM time
        Instant notes = format == ListingParser.Format.IIS ? NOTES_TIME.plusSeconds(12 * 3600) : NOTES_TIME;
        assertThat(entries(path, parsed)).extracting(ListingEntry::name, ListingEntry::modified)
                .contains(tuple(FIRMWARE, precision.of(FIRMWARE_TIME)), tuple(NOTES, precision.of(notes)));
        if (format != ListingParser.Format.S3_XML && precision != Precision.NONE) {
            assertThat(entries(path, parsed)).extracting(ListingEntry::name, ListingEntry::modified)
                    .contains(tuple("İzmir", precision.of(FOLDER_TIME)));
        }
    }

    /** The old parser lower-cased the page and cut the original at the lower-cased positions: İ is 1 char, i̇ 2. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dottedCapitalIInTheTitle")
    void aDottedCapitalIInTheTitleLosesNoFile(String fixture, String path, String sizeText) throws Exception {
        ListingParser.Parsed parsed = ListingParser.parse(folder(path), "text/html;charset=utf-8", fixture(fixture));

        assertThat(entries(path, parsed)).extracting(ListingEntry::name, ListingEntry::sizeText, ListingEntry::modified)
                .containsExactly(tuple("a.bin", sizeText, Instant.parse("2016-10-24T11:00:00Z")));
    }

    static Stream<Arguments> dottedCapitalIInTheTitle() {
        return Stream.of(Arguments.of("nginx-idot-title.html", "/html/fw/%C4%B0zmir/", "1"),
                Arguments.of("lighttpd-idot-title.html", "/fw/%C4%B0zmir/", "0.1K"));
    }

    @Test
    void aPageOfNoKnownServerIsOneErrorNamingTheUrl() {
        byte[] page = "<html><head><title>Welcome</title></head><body><a href=\"a.bin\">a.bin</a></body></html>"
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ListingParser.parse(folder("/fw/"), "text/html", page))
                .isInstanceOf(PermanentException.class)
                .hasMessageStartingWith("http://127.0.0.1:8080/fw/: not a directory listing of a known server")
                .hasMessageContaining("<title>Welcome</title>");
        byte[] xml = "<?xml version=\"1.0\"?><feed><entry/></feed>".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ListingParser.parse(folder("/fw/"), "application/xml", xml))
                .isInstanceOf(PermanentException.class).hasMessageStartingWith("http://127.0.0.1:8080/fw/: not a directory listing");
    }

    private static List<ListingEntry> entries(String path, ListingParser.Parsed parsed) {
        List<ListingEntry> entries = new ArrayList<>();
        for (ListingParser.Link link : parsed.links()) {
            Links.child(folder(path), link).ifPresent(entries::add);
        }
        return entries;
    }

    private static URI folder(String path) {
        return URI.create("http://127.0.0.1:8080" + path);
    }

    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = ListingFormatsTest.class.getResourceAsStream("/listings/" + name)) {
            return in.readAllBytes();
        }
    }
}
