package org.lessonwatch.web.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The key formats and locations MP-JWT allows. */
class TokenKeysTest {

  static final RSAKey RSA = generate();

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
      assertEquals(RSA.toPublicJWK(), onlyKey(TokenKeys.configured(Optional.of(key), none())), key);
    }
    Path file = dir.resolve("lms.pem");
    Files.writeString(file, pem);
    for (String location : List.of(file.toString(), file.toUri().toString())) {
      assertEquals(
          RSA.toPublicJWK(),
          onlyKey(TokenKeys.configured(none(), Optional.of(location))),
          location);
    }
  }

  @Test
  void withNeitherKeyNorLocationThereAreNoKeys() throws Exception {
    assertNull(TokenKeys.configured(none(), none()));
    assertNull(TokenKeys.configured(Optional.of(" "), Optional.of("")));
  }

  private static Optional<String> none() {
    return Optional.empty();
  }

  private static RSAKey onlyKey(JWKSource<SecurityContext> keys) throws Exception {
    var found = keys.get(new JWKSelector(new JWKMatcher.Builder().build()), null);
    assertEquals(1, found.size(), found::toString);
    return (RSAKey) found.get(0);
  }

  private static RSAKey generate() {
    try {
      return new RSAKeyGenerator(2048).generate();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
