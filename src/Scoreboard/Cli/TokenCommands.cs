using System.CommandLine;
using Microsoft.Extensions.Options;
using Scoreboard.Scoring;
using Scoreboard.Security.Tokens;

namespace Scoreboard.Cli;

/// <summary><c>tokens mint</c>: a user token signed with JWT_SECRET, for testing a board that takes user credits.</summary>
public static class TokenCommands
{
    public static Command Create(CommandHost host)
    {
        var user = new Option<string>("--user") { Description = "The user id (the token's sub).", Required = true };
        var name = new Option<string?>("--name") { Description = "A display name (the token's name claim)." };
        var mint = new Command("mint", "Print a user token (HS256, signed with JWT_SECRET; lifetime JWT_EXPIRY).") { user, name };
        mint.SetAction(parse => Mint(host, parse.GetRequiredValue(user), parse.GetValue(name)));
        return new Command("tokens", "User tokens (Authorization: Bearer) for testing.") { mint };
    }

    private static int Mint(CommandHost host, string userId, string? name)
    {
        using var app = host.Build();
        var options = app.Services.GetRequiredService<IOptions<UserTokenOptions>>().Value;
        if (string.IsNullOrEmpty(options.Secret))
        {
            // A secret generated here would match no server's: refuse rather than print a token nobody accepts.
            throw new CommandRefusedException("tokens mint signs with JWT_SECRET; set it to the value the server checks tokens with.");
        }

        if (!Ids.IsValidUserId(userId) || (name is not null && !Ids.IsValidDisplayName(name)))
        {
            throw new CommandRefusedException($"--user must be a user id the API accepts (1–{Ids.MaxUserIdLength} letters, digits and _ - . : @), and --name a display name.");
        }

        var token = TokenMinter.Mint(options.Secret, options, TimeProvider.System.GetUtcNow(), userId, name);
        Console.Error.WriteLine($"scoreboard: a token for {token.UserId}, valid until {token.ExpiresAt:u}:");
        Console.WriteLine(token.Token);
        return ExitCodes.Done;
    }
}
