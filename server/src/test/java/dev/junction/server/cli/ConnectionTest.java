package dev.junction.server.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which URL and token a command uses: flags, then the environment, then the profile. */
class ConnectionTest {
  @TempDir Path dir;
  private ProfileFile file;
  private Path tokenFile;

  @BeforeEach
  void twoProfiles() throws Exception {
    tokenFile = dir.resolve("flag-token");
    Files.writeString(tokenFile, "from-flag-file\n");
    Path profileToken = dir.resolve("profile-token");
    Files.writeString(profileToken, "from-profile-file\n");
    file = ProfileFile.read(dir.resolve("junction/config.yaml"));
    file.put(
        new Profile(
            "main",
            Optional.of("http://main:8080"),
            Optional.empty(),
            Optional.of(profileToken.toString()),
            Optional.of("folder-a"),
            Optional.empty()));
    file.put(
        new Profile(
            "lab",
            Optional.of("http://lab:8080"),
            Optional.of("stored-token"),
            Optional.empty(),
            Optional.empty(),
            Optional.empty()));
    file.use("main");
    file.write();
    file = ProfileFile.read(dir.resolve("junction/config.yaml"));
  }

  private static ClientOptions flags(String profile, String url, Path tokenFile) {
    ClientOptions options = new ClientOptions();
    options.profile = profile;
    options.url = url;
    options.tokenFile = tokenFile;
    return options;
  }

  @Test
  void theCurrentProfileServesWhenNothingElseIsGiven() {
    Connection c = Connection.resolve(flags(null, null, null), Map.of(), file);
    assertThat(c.url()).isEqualTo("http://main:8080");
    assertThat(c.token()).isEqualTo("from-profile-file");
    assertThat(c.profile()).map(Profile::name).contains("main");
  }

  @Test
  void theEnvironmentWinsOverTheProfile() {
    Map<String, String> env =
        Map.of(
            "JUNCTION_URL",
            "http://env:1/",
            "JUNCTION_TOKEN",
            "env-token",
            "JUNCTION_PROFILE",
            "lab");
    Connection c = Connection.resolve(flags(null, null, null), env, file);
    assertThat(c.url()).isEqualTo("http://env:1");
    assertThat(c.token()).isEqualTo("env-token");
    assertThat(c.profile()).map(Profile::name).contains("lab");
  }

  @Test
  void flagsWinOverTheEnvironment() {
    Map<String, String> env =
        Map.of(
            "JUNCTION_URL",
            "http://env:1",
            "JUNCTION_TOKEN",
            "env-token",
            "JUNCTION_PROFILE",
            "nowhere");
    Connection c = Connection.resolve(flags("lab", "https://flag:443", tokenFile), env, file);
    assertThat(c.url()).isEqualTo("https://flag:443");
    assertThat(c.token()).isEqualTo("from-flag-file");
    assertThat(c.profile()).map(Profile::name).contains("lab");
  }

  @Test
  void eachSettingFallsBackOnItsOwn() {
    Connection c =
        Connection.resolve(flags("lab", null, null), Map.of("JUNCTION_URL", "http://env:2"), file);
    assertThat(c.url()).isEqualTo("http://env:2");
    assertThat(c.token()).as("the profile's stored token").isEqualTo("stored-token");
  }

  @Test
  void aMissingProfileIsNamedWithWhereItsNameCameFrom() {
    assertThatThrownBy(
            () ->
                Connection.resolve(flags(null, null, null), Map.of("JUNCTION_PROFILE", "x"), file))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("profile \"x\" (from JUNCTION_PROFILE) is not in " + file.path());
  }

  @Test
  void aTokenThatCannotBeAHeaderIsRefusedWithoutShowingIt() {
    assertThatThrownBy(
            () ->
                Connection.resolve(
                    flags(null, null, null), Map.of("JUNCTION_TOKEN", "secret part\r\nX: y"), file))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("character 7 is not")
        .hasMessageNotContaining("secret");
  }

  @Test
  void noUrlAnywhereSaysWhereOneCanBeGiven() {
    ProfileFile empty = ProfileFile.read(dir.resolve("none.yaml"));
    assertThatThrownBy(() -> Connection.resolve(flags(null, null, null), Map.of(), empty))
        .hasMessageContaining("no server URL: give --url URL, set JUNCTION_URL");
  }

  @Test
  void aUrlThatIsNotHttpIsRefusedNamingItsSource() {
    assertThatThrownBy(() -> Connection.resolve(flags(null, "ftp://x", null), Map.of(), file))
        .hasMessageStartingWith("--url: \"ftp://x\" must be an http:// or https:// URL");
  }

  @Test
  void theFileIsPrivateAndAnUnknownKeyIsNamed() throws Exception {
    assertThat(Files.getPosixFilePermissions(file.path()))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(Files.getPosixFilePermissions(file.path().getParent()))
        .isEqualTo(PosixFilePermissions.fromString("rwx------"));
    Files.writeString(file.path(), "profiles:\n  main:\n    url: http://x\n    tokn: abc\n");
    assertThatThrownBy(() -> ProfileFile.read(file.path()))
        .hasMessageContaining("profiles.main.tokn is not a profile key");
  }

  @Test
  void theLocationFollowsXdgConfigHomeThenHome() {
    assertThat(ProfileFile.location(Map.of("XDG_CONFIG_HOME", "/x", "HOME", "/h")))
        .isEqualTo(Path.of("/x/junction/config.yaml"));
    assertThat(ProfileFile.location(Map.of("HOME", "/h")))
        .isEqualTo(Path.of("/h/.config/junction/config.yaml"));
    assertThat(ProfileFile.location(Map.of("XDG_CONFIG_HOME", "relative", "HOME", "/h")))
        .as("a relative XDG_CONFIG_HOME is ignored, as the XDG specification says")
        .isEqualTo(Path.of("/h/.config/junction/config.yaml"));
  }
}
