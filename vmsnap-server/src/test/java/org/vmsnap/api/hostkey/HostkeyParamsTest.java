package org.vmsnap.api.hostkey;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Parameters as PHP's {@code $_REQUEST} holds them. */
class HostkeyParamsTest {
    private static HostkeyParams parse(String... texts) {
        HostkeyParams p = new HostkeyParams();
        for (String text : texts) {
            HostkeyRequests.parse(text, p);
        }
        return p;
    }

    @Test
    void repeatedPlainNamesKeepTheLastValueAndTheBodyWinsOverTheQuery() {
        HostkeyParams p = parse("id=1&name=a", "id=2");
        assertThat(p.string("id")).contains("2");
        assertThat(p.string("name")).contains("a");
        assertThat(p.string("nothing")).isEmpty();
    }

    @Test
    void bracketNamesBuildArraysInTheOrderGiven() {
        HostkeyParams p = parse("exclude_rotation%5B%5D=b&exclude_rotation[]=a&x[1]=one&x[0]=zero");
        assertThat(p.list("exclude_rotation")).contains(List.of("b", "a"));
        assertThat(p.list("x")).contains(List.of("one", "zero"));
        assertThat(p.list("plain")).isEqualTo(Optional.empty());
        assertThat(parse("exclude_rotation=solo").list("exclude_rotation")).contains(List.of("solo"));
    }

    @Test
    void anArrayWhereAStringBelongsIsInvalid() {
        assertThatThrownBy(() -> parse("id[]=1").string("id"))
                .isInstanceOf(HostkeyError.class)
                .hasMessage("invalid id");
    }

    @Test
    void decodingAndEdgeCases() {
        HostkeyParams p = parse("name=a+b%21&flag&=orphan&&empty=");
        assertThat(p.string("name")).contains("a b!");
        assertThat(p.string("flag")).contains("");
        assertThat(p.string("empty")).contains("");
        assertThatThrownBy(() -> p.required("empty")).hasMessage("empty is required");
        assertThatThrownBy(() -> parse("a=%zz")).hasMessage("malformed form data");
    }
}
