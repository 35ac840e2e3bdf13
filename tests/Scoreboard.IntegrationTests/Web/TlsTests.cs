using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Scoreboard.IntegrationTests.Infrastructure;

namespace Scoreboard.IntegrationTests.Web;

/// <summary>HTTPS from <c>Scoreboard:Tls</c>, with a certificate the test makes: the server serves it, sends HSTS, and keeps to MinVersion.</summary>
[Trait("Backend", "embedded")]
public sealed class TlsTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("scoreboard-tls-").FullName;
    private X509Certificate2 _certificate = null!;

    public async Task InitializeAsync()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=scoreboard.test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("scoreboard.test");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        _certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        await File.WriteAllTextAsync(Path.Combine(_folder, "cert.pem"), _certificate.ExportCertificatePem());
        await File.WriteAllTextAsync(Path.Combine(_folder, "key.pem"), key.ExportPkcs8PrivateKeyPem());
    }

    public Task DisposeAsync()
    {
        _certificate.Dispose();
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Serves_HTTPS_with_the_configured_certificate_and_HSTS()
    {
        await using var server = await StartAsync("1.2");
        Assert.Equal("https", server.BaseAddress.Scheme);

        using var client = Client(server, SslProtocols.None, out var served);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/scoreboard/top");
        request.Headers.Host = "scoreboard.test"; // HSTS is not sent to localhost names, so that development is not pinned
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(_certificate.Thumbprint, served());
        Assert.StartsWith("max-age=31536000", string.Join(",", response.Headers.GetValues("Strict-Transport-Security")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_TLS_1_2_client_is_refused_when_MinVersion_is_1_3_and_served_when_it_is_1_2()
    {
        await using (var strict = await StartAsync("1.3"))
        {
            using var old = Client(strict, SslProtocols.Tls12, out _);
            using var current = Client(strict, SslProtocols.Tls13, out _);

            await Assert.ThrowsAsync<HttpRequestException>(() => old.GetAsync("/health"));
            Assert.Equal(HttpStatusCode.OK, (await current.GetAsync("/health")).StatusCode);
        }

        await using var lenient = await StartAsync("1.2");
        using var tls12 = Client(lenient, SslProtocols.Tls12, out _);
        Assert.Equal(HttpStatusCode.OK, (await tls12.GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task A_key_that_does_not_exist_stops_start_up_with_one_line_naming_the_setting()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ScoreboardServer.StartAsync(environment: new Dictionary<string, string?>
        {
            ["Scoreboard__Tls__CertificatePath"] = Path.Combine(_folder, "cert.pem"),
            ["Scoreboard__Tls__KeyPath"] = Path.Combine(_folder, "missing.pem"),
        }));

        Assert.Contains("scoreboard: configuration error: Scoreboard:Tls:", error.Message, StringComparison.Ordinal);
    }

    private Task<ScoreboardServer> StartAsync(string minVersion) => ScoreboardServer.StartAsync(environment: new Dictionary<string, string?>
    {
        ["Scoreboard__Tls__CertificatePath"] = Path.Combine(_folder, "cert.pem"),
        ["Scoreboard__Tls__KeyPath"] = Path.Combine(_folder, "key.pem"),
        ["Scoreboard__Tls__MinVersion"] = minVersion,
    });

    /// <summary>A client that trusts exactly the test's certificate and records the one the server presented.</summary>
    private static HttpClient Client(ScoreboardServer server, SslProtocols protocols, out Func<string?> served)
    {
        string? thumbprint = null;
        served = () => thumbprint;
        var handler = new SocketsHttpHandler();
        handler.SslOptions.EnabledSslProtocols = protocols;
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
        {
            thumbprint = certificate is null ? null : new X509Certificate2(certificate).Thumbprint;
            return true;
        };
        return new HttpClient(handler) { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }
}
