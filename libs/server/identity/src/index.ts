export * from './identity.module';
export * from './auth/auth.service';
export * from './auth/password.service';
export * from './organisations/organisations.service';
export * from './users/users.service';
export * from './agreements/agreements.service';
export * from './agreements/agreement-expiry.handler';
