using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Scoreboard.Reads;
using Scoreboard.Security.Tokens;

namespace Scoreboard.UnitTests.Live;

/// <summary>Which requests run their endpoint without the authentication steps: anonymous GETs of public board reads only.</summary>
public sealed class PublicReadsTests
{
    [Fact]
    public void An_anonymous_get_of_a_public_board_read_runs_its_endpoint_directly()
    {
        var context = Request(Endpoint(PublicRead.Instance, new AuthorizeAttribute(UserTokens.BoardReadPolicy)));

        Assert.NotNull(PublicReads.Direct(context));
    }

    [Fact]
    public void A_request_with_any_token_takes_the_full_pipeline()
    {
        var context = Request(Endpoint(PublicRead.Instance, new AuthorizeAttribute(UserTokens.BoardReadPolicy)));
        context.Request.Headers.Authorization = "Bearer whatever";

        Assert.Null(PublicReads.Direct(context));
    }

    [Theory]
    [InlineData(UserTokens.UserPolicy)]
    [InlineData(UserTokens.CreditPolicy)]
    public void An_endpoint_with_another_policy_takes_the_full_pipeline_even_when_marked(string policy)
    {
        var both = Request(Endpoint(PublicRead.Instance, new AuthorizeAttribute(UserTokens.BoardReadPolicy), new AuthorizeAttribute(policy)));
        var other = Request(Endpoint(PublicRead.Instance, new AuthorizeAttribute(policy)));

        Assert.Null(PublicReads.Direct(both));
        Assert.Null(PublicReads.Direct(other));
    }

    [Fact]
    public void Unmarked_endpoints_other_methods_and_endpoints_without_a_policy_take_the_full_pipeline()
    {
        var unmarked = Request(Endpoint(new AuthorizeAttribute(UserTokens.BoardReadPolicy)));
        var post = Request(Endpoint(PublicRead.Instance, new AuthorizeAttribute(UserTokens.BoardReadPolicy)));
        post.Request.Method = "POST";
        var noPolicy = Request(Endpoint(PublicRead.Instance));
        var roles = Request(Endpoint(PublicRead.Instance, new AuthorizeAttribute(UserTokens.BoardReadPolicy) { Roles = "admin" }));

        Assert.Null(PublicReads.Direct(unmarked));
        Assert.Null(PublicReads.Direct(post));
        Assert.Null(PublicReads.Direct(noPolicy));
        Assert.Null(PublicReads.Direct(roles));
        Assert.Null(PublicReads.Direct(new DefaultHttpContext()));
    }

    private static Endpoint Endpoint(params object[] metadata) => new(_ => Task.CompletedTask, new EndpointMetadataCollection(metadata), "read");

    private static DefaultHttpContext Request(Endpoint endpoint)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.SetEndpoint(endpoint);
        return context;
    }
}
