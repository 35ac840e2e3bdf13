using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Scoreboard.Web;

/// <summary>HTTPS served by the server itself (002 §5.4), from a PEM certificate and key.</summary>
public sealed class TlsSettings
{
    public const string Section = "Scoreboard:Tls";

    /// <summary>The certificate (PEM, the chain may follow it); set, every address the server listens on serves HTTPS.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>Its private key (PEM, unencrypted).</summary>
    public string? KeyPath { get; set; }

    /// <summary>The oldest TLS version accepted: 1.2 or 1.3.</summary>
    public string MinVersion { get; set; } = "1.2";

    public bool Enabled => !string.IsNullOrEmpty(CertificatePath);

    public SslProtocols Protocols => MinVersion == "1.3" ? SslProtocols.Tls13 : SslProtocols.Tls12 | SslProtocols.Tls13;

    public static string? Check(TlsSettings o) =>
        o.MinVersion is not ("1.2" or "1.3") ? $"{Section}:MinVersion must be 1.2 or 1.3 (got '{o.MinVersion}')."
        : o.Enabled && string.IsNullOrEmpty(o.KeyPath) ? $"{Section}:KeyPath must name the certificate's PEM private key."
        : !o.Enabled && !string.IsNullOrEmpty(o.KeyPath) ? $"{Section}:CertificatePath must be set with KeyPath."
        : null;

    /// <summary>Reads the certificate now, so a wrong path or a key that does not match stops start-up with one line.</summary>
    public X509Certificate2 Load()
    {
        try
        {
            return X509Certificate2.CreateFromPemFile(CertificatePath!, KeyPath);
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or ArgumentException)
        {
            throw new ScoreboardConfigurationException($"{Section}: cannot load {CertificatePath} with {KeyPath}: {ex.Message}");
        }
    }
}
