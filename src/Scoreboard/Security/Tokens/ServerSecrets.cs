using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Scoreboard.Security.Signing;
using Scoreboard.Storage;

namespace Scoreboard.Security.Tokens;

/// <summary>
/// The secrets the server signs with. Configured values win; an embedded install without them gets random
/// secrets generated once per data folder (files readable by the owner only), so a fresh demo is never
/// protected by a well-known default and restarts keep issued tokens valid.
/// </summary>
public sealed class ServerSecrets
{
    public ServerSecrets(IOptions<UserTokenOptions> tokens, IOptions<SigningOptions> signing, IOptions<StorageOptions> storage)
    {
        var dataDir = Path.GetFullPath(storage.Value.DataDir);
        JwtSecretGenerated = string.IsNullOrEmpty(tokens.Value.Secret) && !tokens.Value.HasExternalKeys;
        JwtSecret = !string.IsNullOrEmpty(tokens.Value.Secret) ? tokens.Value.Secret
            : JwtSecretGenerated ? LoadOrCreate(Path.Combine(dataDir, "jwt-secret")) : null;
        SigningSecret = !string.IsNullOrEmpty(signing.Value.Secret) ? signing.Value.Secret
            : LoadOrCreate(Path.Combine(dataDir, "hmac-secret"));
        TicketKey = HMACSHA256.HashData(Encoding.UTF8.GetBytes(SigningSecret), "scoreboard-action-tickets"u8);
    }

    /// <summary>The HS256 key; null when only an external identity provider's keys are trusted.</summary>
    public string? JwtSecret { get; }

    public bool JwtSecretGenerated { get; }

    /// <summary>HMAC_SECRET_KEY: the shared request-signing secret, or the master of per-user keys.</summary>
    public string SigningSecret { get; }

    /// <summary>Signs action tickets; derived from the signing secret so every instance that shares it agrees.</summary>
    public byte[] TicketKey { get; }

    private static string LoadOrCreate(string path)
    {
        if (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using var writer = new StreamWriter(path, Encoding.ASCII, options);
            writer.Write(secret);
            return secret;
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process created it first: use theirs.
            return File.ReadAllText(path).Trim();
        }
    }
}

/// <summary>
/// Distributed mode's start-up check: secrets generated per instance would not verify on the others (a token minted
/// by A fails on B), so every instance must be given the same ones. One message names all that are missing.
/// </summary>
public sealed class SharedSecretsRequired(IOptions<SigningOptions> signing) : IValidateOptions<UserTokenOptions>
{
    public ValidateOptionsResult Validate(string? name, UserTokenOptions options)
    {
        var missing = new List<string>();
        if (string.IsNullOrEmpty(options.Secret) && !options.HasExternalKeys)
        {
            missing.Add("JWT_SECRET (or a JWKS: Scoreboard:UserTokens:JwksUrl / JwksFile)");
        }

        if (string.IsNullOrEmpty(signing.Value.Secret))
        {
            missing.Add("HMAC_SECRET_KEY");
        }

        return missing.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(
            $"distributed mode needs {string.Join(" and ", missing)}, the same on every instance; secrets generated per instance would not verify on the others.");
    }
}
