package dev.tally.ingest.costs.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BlobLocationTest {
    @Test
    void theUrlFormsPeopleTypeNameAccountContainerAndFolder() {
        assertThat(BlobLocation.parse("azblob://acme/costs/exports/monthly/"))
                .isEqualTo(new BlobLocation("https://acme.blob.core.windows.net", "acme", "costs", "exports/monthly/", null));
        assertThat(BlobLocation.parse("azblob://acme/costs"))
                .isEqualTo(new BlobLocation("https://acme.blob.core.windows.net", "acme", "costs", "", null));
        assertThat(BlobLocation.parse("abfss://finance@acme.dfs.core.windows.net/exports/run/manifest.json"))
                .isEqualTo(new BlobLocation("https://acme.blob.core.windows.net", "acme", "finance", "exports/run/manifest.json", null));
        assertThat(BlobLocation.parse("https://acme.blob.core.windows.net/costs/exports?sv=2024-05-04&sp=rl&sig=abc%2F"))
                .isEqualTo(new BlobLocation("https://acme.blob.core.windows.net", "acme", "costs", "exports",
                        "sv=2024-05-04&sp=rl&sig=abc%2F"));
        assertThat(BlobLocation.parse("https://acme.dfs.core.windows.net/costs/x.csv").endpoint())
                .isEqualTo("https://acme.blob.core.windows.net");
        assertThat(BlobLocation.parse("http://127.0.0.1:10000/devstoreaccount1/costs/a/b/"))
                .isEqualTo(new BlobLocation("http://127.0.0.1:10000/devstoreaccount1", "devstoreaccount1", "costs", "a/b/", null));
    }

    @Test
    void printedItNeverShowsTheSasToken() {
        assertThat(BlobLocation.parse("https://acme.blob.core.windows.net/costs/exports?sv=1&sig=secret"))
                .hasToString("https://acme.blob.core.windows.net/costs/exports");
    }

    @Test
    void whatIsNotABlobUrlIsOneClearError() {
        assertThat(BlobLocation.looksLikeBlobUrl("exports/monthly")).isFalse();
        assertThat(BlobLocation.looksLikeBlobUrl("AZBLOB://acme/costs")).isTrue();
        assertThatThrownBy(() -> BlobLocation.parse("azblob://acme")).hasMessageContaining("azblob://<account>/<container>");
        assertThatThrownBy(() -> BlobLocation.parse("abfss://acme.dfs.core.windows.net/x")).hasMessageContaining("abfss://<container>@");
        assertThatThrownBy(() -> BlobLocation.parse("http://127.0.0.1:10000/devstoreaccount1"))
                .hasMessageContaining("/<account>/<container>");
    }

    @Test
    void aConnectionStringForAnotherAccountIsRefusedNamingBoth() {
        assertThatThrownBy(() -> BlobAccess.container(BlobLocation.parse("azblob://acme/costs"),
                Map.of(BlobAccess.CONNECTION_STRING, "DefaultEndpointsProtocol=https;AccountName=other;AccountKey=a2V5;EndpointSuffix=core.windows.net")))
                .hasMessage("AZURE_STORAGE_CONNECTION_STRING is for storage account 'other' but the URL names 'acme'");
        assertThat(BlobAccess.field("A=1; AccountName = acme ;B=2", "accountname")).isEqualTo("acme");
    }
}
