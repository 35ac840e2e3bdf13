using Microsoft.Extensions.Options;
using Scoreboard.Dialects;
using Scoreboard.Scoring;
using Scoreboard.Security;
using Scoreboard.Storage;

namespace Scoreboard;

/// <summary>The action catalog's configuration: defaults in code, entries merged from <c>Scoreboard:Actions</c>.</summary>
public sealed class ActionCatalogOptions
{
    public const string Section = "Scoreboard";

    public Dictionary<string, ActionRule> Actions { get; set; } = ActionCatalog.Defaults();
}

/// <summary>Checks each settings class; a message names the setting and what it must be.</summary>
internal static class SettingsChecks
{
    private const long MaxRulePoints = 1_000_000_000;

    public static string? Storage(StorageOptions o) =>
        string.IsNullOrWhiteSpace(o.DataDir) ? $"{StorageOptions.Section}:DataDir (SCOREBOARD_DATA_DIR) must name a folder."
        : o.MaxBatch is < 1 or > 10_000 ? $"{StorageOptions.Section}:MaxBatch must be from 1 to 10000 (got {o.MaxBatch})."
        : o.MaxQueue is < 1 or > 1_000_000 ? $"{StorageOptions.Section}:MaxQueue must be from 1 to 1000000 (got {o.MaxQueue})."
        : null;

    public static string? Api(ApiOptions o) =>
        o.MaxBodyBytes is < 256 or > 1_048_576 ? $"{ApiOptions.Section}:MaxBodyBytes must be from 256 to 1048576 (got {o.MaxBodyBytes})."
        : !Ids.IsValidActionType(o.IncrementActionType) ? $"{ApiOptions.Section}:IncrementActionType must name an action type."
        : null;

    public static string? Catalog(ActionCatalogOptions o)
    {
        foreach (var (type, rule) in o.Actions)
        {
            var where = $"Scoreboard:Actions:{type}";
            if (!Ids.IsValidActionType(type))
            {
                return $"{where}: action types are 1–{Ids.MaxActionTypeLength} letters, digits and _ - . : @.";
            }

            var (points, max) = (rule.Points, rule.MaxPoints);
            if (points is null == max is null || (points ?? max) is < 1 or > MaxRulePoints)
            {
                return $"{where}: set exactly one of Points or MaxPoints, a whole number from 1 to {MaxRulePoints}.";
            }

            if (rule.MinIntervalMs < 0)
            {
                return $"{where}:MinIntervalMs must not be negative.";
            }
        }

        return o.Actions.ContainsKey(ActionCatalog.DefaultType) ? null : $"Scoreboard:Actions must keep a '{ActionCatalog.DefaultType}' type.";
    }

    public static string? ServiceKeys(ServiceKeyOptions o)
    {
        for (var i = 0; i < o.Keys.Count; i++)
        {
            var key = o.Keys[i];
            var where = $"{ServiceKeyOptions.Section}:Keys:{i}";
            if (!Ids.IsValidActionType(key.Name))
            {
                return $"{where}:Name must be 1–{Ids.MaxActionTypeLength} letters, digits and _ - . : @.";
            }

            var hasKey = !string.IsNullOrEmpty(key.Key);
            var hasHash = !string.IsNullOrEmpty(key.KeySha256);
            if (hasKey == hasHash)
            {
                return $"{where}: set exactly one of Key or KeySha256.";
            }

            if (hasKey && key.Key!.Length < 16)
            {
                return $"{where}:Key must be at least 16 characters.";
            }

            if (hasHash && (key.KeySha256!.Length != 64 || !key.KeySha256.All(char.IsAsciiHexDigit)))
            {
                return $"{where}:KeySha256 must be 64 hex digits.";
            }

            if (key.ActionTypes.Count == 0)
            {
                return $"{where}:ActionTypes must name at least one action type, or *.";
            }
        }

        if (o.RefreshSeconds is < 1 or > 3600)
        {
            return $"{ServiceKeyOptions.Section}:RefreshSeconds must be from 1 to 3600.";
        }

        return o.ApiKey is { Length: > 0 and < 16 } ? "SCOREBOARD_API_KEY must be at least 16 characters." : null;
    }
}

/// <summary>Adapts a check function to the options validation pipeline.</summary>
internal sealed class SettingsCheck<T>(Func<T, string?> check) : IValidateOptions<T>
    where T : class
{
    public ValidateOptionsResult Validate(string? name, T options) =>
        check(options) is { } failure ? ValidateOptionsResult.Fail(failure) : ValidateOptionsResult.Success;
}
