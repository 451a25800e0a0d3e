package io.upgradeclient.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;

import org.junit.jupiter.api.Test;

class RowKeyTest {

    /** Keys are stored in existing databases: the byte layout is pinned by a digest computed outside Java. */
    @Test
    void theLayoutIsLengthPrefixedUtf8TextAndBigEndianNumbers() {
        RowKey key = new RowKey();
        assertThat(HexFormat.of().formatHex(key.text("ab").text("c").number(7).digest()))
                .isEqualTo("0829c0397d04c5cd98a84651229362821d356826191fb942407433a7806432f3");
        assertThat(HexFormat.of().formatHex(key.text("né").digest())).as("ready for the next row; UTF-8 byte length")
                .isEqualTo("cc9d8299e8a562b770cd292562607d822823e68a57aae5f68827d50edc037667");
    }

    @Test
    void fieldsThatConcatenateAlikeGiveDifferentKeys() {
        RowKey key = new RowKey();
        assertThat(key.text("ab").text("c").digest()).isNotEqualTo(key.text("a").text("bc").digest());
    }
}
