// My profile: language, password, a link to notification preferences, my capacity.
export { ProfilePage } from './ProfilePage';
