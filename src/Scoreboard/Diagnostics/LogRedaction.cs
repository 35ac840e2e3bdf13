using System.Text.RegularExpressions;

namespace Scoreboard.Diagnostics;

/// <summary>
/// Keeps credentials out of every log line, whichever category writes it: ASP.NET Core's hosting diagnostics log
/// each request's full URL (Information for <c>Microsoft.AspNetCore.Hosting</c>), and live channels carry
/// <c>?access_token=</c> and Engine.IO's <c>sid=</c> there. Every logger provider is wrapped, so the console, debug
/// and any later provider see the redacted text only.
/// </summary>
public static partial class LogRedaction
{
    public const string Mark = "[redacted]";

    public static ILoggingBuilder AddRedaction(this ILoggingBuilder logging)
    {
        var providers = logging.Services.Where(d => d.ServiceType == typeof(ILoggerProvider)).ToList();
        foreach (var descriptor in providers)
        {
            logging.Services.Remove(descriptor);
            logging.Services.Add(ServiceDescriptor.Singleton<ILoggerProvider>(sp => new RedactingLoggerProvider(Resolve(sp, descriptor))));
        }

        return logging;
    }

    /// <summary>The text with query credentials (<c>access_token</c>, <c>token</c>, <c>sid</c>) and anything shaped like a JWT replaced.</summary>
    public static string Redact(string text)
    {
        if (!text.Contains("token", StringComparison.OrdinalIgnoreCase) && !text.Contains("sid", StringComparison.OrdinalIgnoreCase)
            && !text.Contains("eyJ", StringComparison.Ordinal))
        {
            return text;
        }

        var redacted = QueryCredential().Replace(text, m => m.Groups[1].Value + Mark);
        return Jwt().Replace(redacted, Mark);
    }

    private static ILoggerProvider Resolve(IServiceProvider services, ServiceDescriptor descriptor) =>
        (ILoggerProvider)(descriptor.ImplementationInstance
            ?? descriptor.ImplementationFactory?.Invoke(services)
            ?? ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType!));

    // A name ending a query key (also percent-encoded, as a logged URL may be) up to the value's end.
    [GeneratedRegex(@"((?:access_token|token|sid)(?:=|%3D))[^&\s""'<>#,;)]*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex QueryCredential();

    [GeneratedRegex(@"eyJ[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]*", RegexOptions.CultureInvariant)]
    private static partial Regex Jwt();
}

/// <summary>Wraps a provider so its loggers write redacted messages.</summary>
internal sealed class RedactingLoggerProvider(ILoggerProvider inner) : ILoggerProvider, ISupportExternalScope
{
    public ILogger CreateLogger(string categoryName) => new RedactingLogger(inner.CreateLogger(categoryName));

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => (inner as ISupportExternalScope)?.SetScopeProvider(scopeProvider);

    public void Dispose() => inner.Dispose();

    private sealed class RedactingLogger(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!inner.IsEnabled(logLevel))
            {
                return;
            }

            var message = formatter(state, exception);
            var redacted = LogRedaction.Redact(message);
            if (ReferenceEquals(message, redacted))
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
                return;
            }

            // The structured state holds the same values unredacted, so only the redacted text goes on.
            inner.Log(logLevel, eventId, redacted, exception, static (text, _) => text);
        }
    }
}
