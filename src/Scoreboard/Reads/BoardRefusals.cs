using Scoreboard.Replies;

namespace Scoreboard.Reads;

/// <summary>A refused <c>board</c>/<c>period</c>, with the boards' codes, in the error envelope of the endpoint's dialect.</summary>
public static class BoardRefusals
{
    public static IResult Result(Dialect dialect, BoardSelection refused)
    {
        var body = new ErrorBody(refused.Code!, refused.Message!, new() { ["field"] = refused.Field! });
        var status = refused.Status;
        return ApiErrors.Envelope(dialect, body) switch
        {
            Seed000Error e => TypedResults.Json(e, statusCode: status),
            StatusError e => TypedResults.Json(e, statusCode: status),
            SuccessError e => TypedResults.Json(e, statusCode: status),
            var e => TypedResults.Json((PlainError)e, statusCode: status),
        };
    }
}
