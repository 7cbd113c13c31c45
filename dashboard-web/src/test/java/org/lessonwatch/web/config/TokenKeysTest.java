package org.lessonwatch.web.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The key formats and locations MP-JWT allows, and which key verifies which token. */
class TokenKeysTest {

  static final RSAKey RSA = generate();
  static final JWSAlgorithm RS256 = JWSAlgorithm.RS256;

  @Test
  void readsPemBase64DerJwkAndJwkSetKeysAndKeyFiles(@TempDir Path dir) throws Exception {
    String der = Base64.getEncoder().encodeToString(RSA.toRSAPublicKey().getEncoded());
    String pem =
        "-----BEGIN PUBLIC KEY-----\n"
            + Base64.getMimeEncoder().encodeToString(RSA.toRSAPublicKey().getEncoded())
            + "\n-----END PUBLIC KEY-----\n";
    for (String key :
        List.of(
            der,
            pem,
            RSA.toPublicJWK().toJSONString(),
            "{\"keys\": [" + RSA.toPublicJWK() + "]}")) {
      assertEquals(
          RSA.toRSAPublicKey(),
          onlyKey(TokenKeys.configured(Optional.of(key), none(), RS256)),
          key);
    }
    Path file = dir.resolve("lms.pem");
    Files.writeString(file, pem);
    for (String location : List.of(file.toString(), file.toUri().toString())) {
      assertEquals(
          RSA.toRSAPublicKey(),
          onlyKey(TokenKeys.configured(none(), Optional.of(location), RS256)),
          location);
    }
  }

  @Test
  void withNeitherKeyNorLocationThereAreNoKeys() throws Exception {
    assertNull(TokenKeys.configured(none(), none(), RS256));
    assertNull(TokenKeys.configured(Optional.of(" "), Optional.of(""), RS256));
  }

  @Test
  void oneConfiguredKeyVerifiesTokensWhateverKeyIdTheyName() throws Exception {
    String der = Base64.getEncoder().encodeToString(RSA.toRSAPublicKey().getEncoded());
    RSAKey named = new RSAKey.Builder(RSA.toRSAPublicKey()).keyID("lms-2024").build();
    for (String key :
        List.of(der, named.toJSONString(), "{\"keys\": [" + named.toJSONString() + "]}")) {
      JWSKeySelector<SecurityContext> keys = TokenKeys.configured(Optional.of(key), none(), RS256);
      for (String kid : Arrays.asList(null, "lms-2024", "lms-2025")) {
        assertEquals(
            List.of(RSA.toRSAPublicKey()), keys.selectJWSKeys(header(kid), null), key + " " + kid);
      }
    }
  }

  @Test
  void ofSeveralConfiguredKeysTheTokensKeyIdPicksOne() throws Exception {
    RSAKey other = generate();
    String set =
        new JWKSet(
                List.of(
                    new RSAKey.Builder(RSA.toRSAPublicKey()).keyID("a").build(),
                    new RSAKey.Builder(other.toRSAPublicKey()).keyID("b").build()))
            .toString();
    JWSKeySelector<SecurityContext> keys = TokenKeys.configured(Optional.of(set), none(), RS256);

    assertEquals(List.of(RSA.toRSAPublicKey()), keys.selectJWSKeys(header("a"), null));
    assertEquals(List.of(other.toRSAPublicKey()), keys.selectJWSKeys(header("b"), null));
    assertEquals(List.of(), keys.selectJWSKeys(header("c"), null));
    assertEquals(2, keys.selectJWSKeys(header(null), null).size(), "without kid: each may fit");
  }

  @Test
  void aKeyThatCannotVerifyTheAlgorithmOrAnEmptySetIsAConfigurationError() throws Exception {
    String ec = new ECKeyGenerator(Curve.P_256).generate().toPublicJWK().toJSONString();

    assertThrows(JOSEException.class, () -> TokenKeys.configured(Optional.of(ec), none(), RS256));
    assertThrows(
        JOSEException.class,
        () -> TokenKeys.configured(Optional.of("{\"keys\": []}"), none(), RS256));
  }

  private static JWSHeader header(String kid) {
    return new JWSHeader.Builder(RS256).keyID(kid).build();
  }

  private static Optional<String> none() {
    return Optional.empty();
  }

  private static Key onlyKey(JWSKeySelector<SecurityContext> keys) throws Exception {
    var found = keys.selectJWSKeys(header(null), null);
    assertEquals(1, found.size(), found::toString);
    return found.get(0);
  }

  private static RSAKey generate() {
    try {
      return new RSAKeyGenerator(2048).generate();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
