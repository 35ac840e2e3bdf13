using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using IPNetwork = System.Net.IPNetwork;

namespace Scoreboard.Security;

/// <summary>
/// The proxies (load balancers) whose <c>X-Forwarded-For</c> is believed: <c>KNOWN_PROXIES</c>, comma-separated
/// addresses or CIDRs. Behind them the forwarded client address is the request's address everywhere (per-IP budgets,
/// connection shares, the audit ledger's ip). From anyone else the header is ignored, so a client cannot pick its address.
/// </summary>
public sealed class ProxyOptions
{
    public const string Section = "Scoreboard:Proxies";

    public string KnownProxies { get; set; } = "";

    public IReadOnlyList<IPNetwork> Networks() =>
        [.. KnownProxies.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Parse)];

    public static string? Check(ProxyOptions o)
    {
        var bad = o.KnownProxies.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .FirstOrDefault(entry => TryParse(entry) is null);
        return bad is null ? null : $"KNOWN_PROXIES (Scoreboard:Proxies:KnownProxies) must list addresses or CIDRs such as 10.0.0.0/8 (got '{bad}').";
    }

    private static IPNetwork Parse(string entry) => TryParse(entry) ?? throw new FormatException(entry);

    private static IPNetwork? TryParse(string entry) =>
        IPNetwork.TryParse(entry, out var network) ? network
        : IPAddress.TryParse(entry, out var address) ? new IPNetwork(address, address.GetAddressBytes().Length * 8)
        : null;
}

/// <summary>ASP.NET Core's forwarded-headers middleware, trusting only <see cref="ProxyOptions"/>' networks.</summary>
public static class TrustedProxies
{
    public static IServiceCollection AddTrustedProxies(this IServiceCollection services)
    {
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ProxyOptions>>((forwarded, proxies) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // The defaults trust loopback; only what the operator listed is trusted.
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var network in proxies.Value.Networks())
            {
                forwarded.KnownIPNetworks.Add(network);
            }

            // A chain of trusted proxies (a load balancer in front of nginx) is walked back to the first untrusted hop.
            forwarded.ForwardLimit = null;
        });
        return services;
    }

    /// <summary>First in the pipeline, so every later step sees the client's address.</summary>
    public static IApplicationBuilder UseTrustedProxies(this IApplicationBuilder app) => app.UseForwardedHeaders();
}
