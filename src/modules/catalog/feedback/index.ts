// Feedback: ratings and reviews of the tenant (`app`), bookings, resources and spaces. Mounted
// from src/app.ts until the catalog module chains its resource routers.
import { newRouter } from '../../../http/router';
import * as h from './feedback.handlers';
import * as r from './feedback.routes';

export const feedbackRouter = newRouter()
  .openapi(r.submitRating, h.submitRating)
  .openapi(r.updateRating, h.updateRating)
  .openapi(r.deleteRating, h.deleteRating)
  .openapi(r.submitReview, h.submitReview)
  .openapi(r.updateReview, h.updateReview)
  .openapi(r.deleteReview, h.deleteReview)
  .openapi(r.flagReview, h.flagReview)
  .openapi(r.aggregates, h.aggregates)
  .openapi(r.listRatings, h.listRatings)
  .openapi(r.listReviews, h.listReviews);
