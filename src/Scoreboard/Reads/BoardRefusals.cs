using Scoreboard.Replies;

namespace Scoreboard.Reads;

/// <summary>A refused <c>board</c>/<c>period</c>, with the boards' codes, in the error envelope of the endpoint's dialect.</summary>
public static class BoardRefusals
{
    public static IResult Result(Dialect dialect, BoardSelection refused) =>
        ApiErrors.Result(dialect, refused.Status, new ErrorBody(refused.Code!, refused.Message!, new() { ["field"] = refused.Field! }));
}
