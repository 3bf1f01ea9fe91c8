package dev.tally.local.cli;

import picocli.CommandLine.IVersionProvider;

final class TallyVersion implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = TallyCli.class.getPackage().getImplementationVersion();
        return new String[] {"tally " + (version == null ? "development build" : version)};
    }
}
