package dev.goaws.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EcrAddressTest {
    private static final String DIGEST = "sha256:" + "ab".repeat(32);

    @Test
    void readsAccountAndRegionOfPrivateRegistryHostsInEveryPartition() {
        assertEquals(new EcrAddress("123456789012", "eu-central-1"),
                EcrAddress.ofHost("123456789012.dkr.ecr.eu-central-1.amazonaws.com").orElseThrow());
        assertEquals(new EcrAddress("123456789012", "us-east-1"),
                EcrAddress.ofHost("123456789012.dkr.ecr-fips.us-east-1.amazonaws.com").orElseThrow());
        assertEquals(new EcrAddress("123456789012", "cn-north-1"),
                EcrAddress.ofHost("123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn").orElseThrow());
    }

    @Test
    void publicEcrOtherRegistriesAndShortAccountsAreNotPrivateEcr() {
        assertTrue(EcrAddress.ofHost("public.ecr.aws").isEmpty());
        assertTrue(EcrAddress.ofHost("127.0.0.1:5000").isEmpty());
        assertTrue(EcrAddress.ofHost("12345.dkr.ecr.eu-central-1.amazonaws.com").isEmpty());
        assertTrue(EcrAddress.ofHost(null).isEmpty());
    }

    @Test
    void anImageIsPrivateEcrOnlyWhenPinnedByDigest() {
        EcrAddress.Image image = EcrAddress.ofImage(
                "123456789012.dkr.ecr.eu-central-1.amazonaws.com/team/app@" + DIGEST).orElseThrow();
        assertEquals(new EcrAddress("123456789012", "eu-central-1"), image.registry());
        assertEquals("team/app", image.repository());
        assertEquals(DIGEST, image.digest());
        assertTrue(EcrAddress.ofImage("123456789012.dkr.ecr.eu-central-1.amazonaws.com/app:latest").isEmpty());
        assertTrue(EcrAddress.ofImage("public.ecr.aws/docker/library/nginx@" + DIGEST).isEmpty());
    }
}
