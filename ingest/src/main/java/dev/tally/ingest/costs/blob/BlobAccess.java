package dev.tally.ingest.costs.blob;

import com.azure.core.credential.TokenCredential;
import com.azure.identity.AzureCliCredentialBuilder;
import com.azure.identity.ChainedTokenCredentialBuilder;
import com.azure.identity.EnvironmentCredentialBuilder;
import com.azure.identity.ManagedIdentityCredentialBuilder;
import com.azure.identity.WorkloadIdentityCredentialBuilder;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobContainerClientBuilder;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * How Tally authenticates to Blob Storage, first match wins:
 * <ol>
 *   <li>a SAS token in the URL's query;</li>
 *   <li>{@code AZURE_STORAGE_CONNECTION_STRING} (account key or SAS; the URL then names container and folder);</li>
 *   <li>{@code AZURE_STORAGE_SAS_TOKEN};</li>
 *   <li>Entra ID: a service principal from {@code AZURE_CLIENT_ID}/{@code AZURE_TENANT_ID}/{@code AZURE_CLIENT_SECRET}
 *       (or a certificate), AKS workload identity ({@code AZURE_FEDERATED_TOKEN_FILE}, injected by its webhook),
 *       the VM's or pod's managed identity ({@code AZURE_CLIENT_ID} picks a user-assigned one), then the Azure CLI's login.
 *       The identity needs the "Storage Blob Data Reader" role on the container.</li>
 * </ol>
 * Secrets come only from the environment (never a command-line argument other users could see in a
 * process list) and are never printed.
 */
public final class BlobAccess {
    public static final String CONNECTION_STRING = "AZURE_STORAGE_CONNECTION_STRING";
    public static final String SAS_TOKEN = "AZURE_STORAGE_SAS_TOKEN";

    private BlobAccess() {
    }

    public static BlobContainerClient container(BlobLocation location, Map<String, String> env) {
        BlobContainerClientBuilder builder = new BlobContainerClientBuilder()
                .retryOptions(new RequestRetryOptions(RetryPolicyType.EXPONENTIAL, 4, Duration.ofSeconds(60),
                        Duration.ofMillis(500), Duration.ofSeconds(8), null));
        String connectionString = env.get(CONNECTION_STRING);
        if (location.sasToken() != null) {
            builder.endpoint(location.endpoint() + "/" + location.container()).sasToken(location.sasToken());
        } else if (connectionString != null && !connectionString.isBlank()) {
            String account = field(connectionString, "AccountName");
            if (account != null && !account.equalsIgnoreCase(location.account())) {
                throw new IllegalArgumentException(CONNECTION_STRING + " is for storage account '" + account
                        + "' but the URL names '" + location.account() + "'");
            }
            builder.connectionString(connectionString).containerName(location.container());
        } else if (env.get(SAS_TOKEN) != null && !env.get(SAS_TOKEN).isBlank()) {
            builder.endpoint(location.endpoint() + "/" + location.container()).sasToken(env.get(SAS_TOKEN).replaceFirst("^\\?", ""));
        } else {
            builder.endpoint(location.endpoint() + "/" + location.container()).credential(entraId(env));
        }
        return builder.buildClient();
    }

    static TokenCredential entraId(Map<String, String> env) {
        ChainedTokenCredentialBuilder chain = new ChainedTokenCredentialBuilder()
                .addLast(new EnvironmentCredentialBuilder().build());
        String clientId = env.get("AZURE_CLIENT_ID");
        if (env.get("AZURE_FEDERATED_TOKEN_FILE") != null && clientId != null && env.get("AZURE_TENANT_ID") != null) {
            chain.addLast(new WorkloadIdentityCredentialBuilder().clientId(clientId).tenantId(env.get("AZURE_TENANT_ID"))
                    .tokenFilePath(env.get("AZURE_FEDERATED_TOKEN_FILE")).build());
        }
        ManagedIdentityCredentialBuilder managed = new ManagedIdentityCredentialBuilder();
        if (clientId != null) {
            managed.clientId(clientId);
        }
        return chain.addLast(managed.build()).addLast(new AzureCliCredentialBuilder().build()).build();
    }

    /** A {@code Key=value} field of a connection string, or null. */
    static String field(String connectionString, String key) {
        for (String part : connectionString.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).strip().toLowerCase(Locale.ROOT).equals(key.toLowerCase(Locale.ROOT))) {
                return part.substring(eq + 1).strip();
            }
        }
        return null;
    }
}
