package dev.goaws.maven;
class Dummy {}
